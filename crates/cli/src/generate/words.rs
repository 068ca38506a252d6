//! The generator's vocabulary: each word in the four languages a generated shop
//! speaks (en, zh-CN, ja, ar), and how a title is put together in each (word order
//! differs: Japanese joins with の, Arabic puts the noun first).

/// One word or phrase in en, zh-CN, ja, ar.
pub type Word = [&'static str; 4];

/// The locales, in the order of a [`Word`]'s entries.
pub const LOCALES: [&str; 4] = ["en", "zh-CN", "ja", "ar"];

/// What a category's products may be chosen by.
#[derive(Clone, Copy)]
pub enum Choice {
    Weight,
    Colour,
    Size,
    Pack,
}

/// A category: its id and name, the things it sells, what they are made of (or
/// where they come from), its price range in whole currency units, and the options
/// its products may have.
pub struct Kind {
    pub id: &'static str,
    pub name: Word,
    pub nouns: &'static [Word],
    pub materials: &'static [Word],
    pub prices: (i64, i64),
    pub choices: &'static [Choice],
    /// Words a buyer might search for, in English.
    pub tags: &'static [&'static str],
}

pub const KINDS: &[Kind] = &[
    Kind {
        id: "tea",
        name: ["Tea", "茶叶", "お茶", "شاي"],
        nouns: &[
            ["green tea", "绿茶", "緑茶", "شاي أخضر"],
            ["oolong", "乌龙茶", "烏龍茶", "شاي أولونغ"],
            ["black tea", "红茶", "紅茶", "شاي أسود"],
            ["white tea", "白茶", "白茶", "شاي أبيض"],
            ["jasmine tea", "茉莉花茶", "ジャスミン茶", "شاي الياسمين"],
            ["pu-erh", "普洱茶", "プーアル茶", "شاي بوير"],
        ],
        materials: &[
            ["Wuyi", "武夷", "武夷山", "ووييشان"],
            ["Anxi", "安溪", "安渓", "آنشي"],
            ["Yunnan", "云南", "雲南", "يونان"],
            ["Fuding", "福鼎", "福鼎", "فودينغ"],
            ["high-mountain", "高山", "高山", "الجبال العالية"],
            ["stone-roasted", "炭焙", "炭火焙煎", "محمص على الفحم"],
        ],
        prices: (38, 420),
        choices: &[Choice::Weight],
        tags: &["tea", "loose-leaf", "spring", "roasted", "floral", "gift"],
    },
    Kind {
        id: "teaware",
        name: ["Teaware", "茶器", "茶器", "أدوات الشاي"],
        nouns: &[
            ["teapot", "茶壶", "急須", "إبريق شاي"],
            ["teacup", "茶杯", "湯呑み", "فنجان شاي"],
            ["gaiwan", "盖碗", "蓋碗", "غايوان"],
            ["fair cup", "公道杯", "ピッチャー", "إبريق تقديم"],
            ["tea tray", "茶盘", "茶盤", "صينية شاي"],
            ["kettle", "烧水壶", "やかん", "غلاية"],
        ],
        materials: &[
            ["celadon", "青瓷", "青磁", "سيلادون"],
            ["porcelain", "白瓷", "白磁", "خزف"],
            ["Yixing clay", "宜兴紫砂", "宜興紫砂", "طين ييشينغ"],
            ["glass", "玻璃", "ガラス", "زجاج"],
            ["cast-iron", "铸铁", "南部鉄器", "حديد مصبوب"],
            ["bamboo", "竹制", "竹製", "خيزران"],
        ],
        prices: (45, 880),
        choices: &[Choice::Colour, Choice::Size],
        tags: &["teaware", "ceramic", "kiln", "glaze", "gongfu"],
    },
    Kind {
        id: "tableware",
        name: ["Tableware", "餐具", "食器", "أدوات المائدة"],
        nouns: &[
            ["bowl", "碗", "茶碗", "وعاء"],
            ["plate", "盘子", "皿", "طبق"],
            ["mug", "马克杯", "マグカップ", "كوب"],
            ["vase", "花瓶", "花瓶", "مزهرية"],
            ["serving dish", "大盘", "大皿", "طبق تقديم"],
            ["storage jar", "储物罐", "保存瓶", "برطمان"],
        ],
        materials: &[
            ["stoneware", "粗陶", "炻器", "فخار حجري"],
            ["speckled", "斑点釉", "粉引", "منقط"],
            ["ash-glazed", "草木灰釉", "灰釉", "مزجج بالرماد"],
            ["blue-and-white", "青花", "染付", "أزرق وأبيض"],
            ["earthenware", "陶土", "土器", "فخار"],
            ["matte black", "哑光黑", "マットブラック", "أسود مطفي"],
        ],
        prices: (29, 360),
        choices: &[Choice::Colour, Choice::Pack],
        tags: &["tableware", "kitchen", "dinner", "glaze", "handmade"],
    },
    Kind {
        id: "textiles",
        name: ["Textiles", "布艺", "布もの", "منسوجات"],
        nouns: &[
            ["scarf", "围巾", "ストール", "وشاح"],
            ["tote bag", "托特包", "トートバッグ", "حقيبة قماش"],
            ["tea towel", "茶巾", "ふきん", "منشفة مطبخ"],
            ["cushion cover", "靠垫套", "クッションカバー", "غطاء وسادة"],
            ["apron", "围裙", "エプロン", "مريلة"],
            ["table runner", "桌旗", "テーブルランナー", "مفرش طاولة"],
        ],
        materials: &[
            ["linen", "亚麻", "リネン", "كتان"],
            [
                "organic cotton",
                "有机棉",
                "オーガニックコットン",
                "قطن عضوي",
            ],
            ["silk", "真丝", "シルク", "حرير"],
            ["wool", "羊毛", "ウール", "صوف"],
            ["indigo-dyed", "蓝染", "藍染め", "مصبوغ بالنيلة"],
            ["hemp", "大麻布", "麻", "قنب"],
        ],
        prices: (35, 480),
        choices: &[Choice::Colour, Choice::Size],
        tags: &["textile", "woven", "natural", "dyed", "soft"],
    },
    Kind {
        id: "stationery",
        name: ["Stationery", "文具", "文房具", "قرطاسية"],
        nouns: &[
            ["notebook", "笔记本", "ノート", "دفتر"],
            [
                "postcard set",
                "明信片套装",
                "ポストカードセット",
                "مجموعة بطاقات بريدية",
            ],
            ["fountain pen", "钢笔", "万年筆", "قلم حبر"],
            ["calligraphy brush", "毛笔", "筆", "فرشاة خط"],
            ["ink stick", "墨条", "墨", "قلم حبر صيني"],
            ["letter paper", "信纸", "便箋", "ورق رسائل"],
        ],
        materials: &[
            ["handmade paper", "手工纸", "和紙", "ورق يدوي"],
            ["rice-paper", "宣纸", "画仙紙", "ورق الأرز"],
            ["leather-bound", "皮面", "革装", "بغلاف جلدي"],
            ["brass", "黄铜", "真鍮", "نحاس أصفر"],
            ["kraft", "牛皮纸", "クラフト", "ورق كرافت"],
            ["letterpress", "凸版印刷", "活版印刷", "مطبوع بالحروف"],
        ],
        prices: (12, 260),
        choices: &[Choice::Pack, Choice::Colour],
        tags: &["paper", "writing", "desk", "letter", "calligraphy"],
    },
    Kind {
        id: "snacks",
        name: ["Snacks", "零食", "おやつ", "وجبات خفيفة"],
        nouns: &[
            ["biscuits", "饼干", "ビスケット", "بسكويت"],
            ["dried mango", "芒果干", "ドライマンゴー", "مانجو مجففة"],
            ["candied ginger", "糖姜", "生姜の砂糖漬け", "زنجبيل مسكر"],
            ["nut mix", "坚果", "ミックスナッツ", "مكسرات مشكلة"],
            ["rice crackers", "米饼", "おせんべい", "مقرمشات الأرز"],
            ["mooncakes", "月饼", "月餅", "كعك القمر"],
        ],
        materials: &[
            ["honey", "蜂蜜", "はちみつ", "بالعسل"],
            ["black sesame", "黑芝麻", "黒ごま", "بالسمسم الأسود"],
            ["osmanthus", "桂花", "金木犀", "بزهر الأوسمانثوس"],
            ["matcha", "抹茶", "抹茶", "بالماتشا"],
            ["sea-salt", "海盐", "塩", "بملح البحر"],
            ["salted plum", "话梅", "梅", "بالبرقوق المملح"],
        ],
        prices: (9, 128),
        choices: &[Choice::Weight, Choice::Pack],
        tags: &["snack", "sweet", "savoury", "treat", "gift"],
    },
    Kind {
        id: "scents",
        name: ["Candles & scents", "香氛", "香り", "شموع وعطور"],
        nouns: &[
            ["candle", "蜡烛", "キャンドル", "شمعة"],
            ["incense sticks", "线香", "お香", "أعواد بخور"],
            ["reed diffuser", "香薰", "ディフューザー", "موزع عطر"],
            ["soap bar", "香皂", "石鹸", "صابونة"],
            ["scent sachet", "香囊", "匂い袋", "كيس عطري"],
            ["room spray", "室内喷雾", "ルームスプレー", "معطر غرف"],
        ],
        materials: &[
            ["jasmine", "茉莉", "ジャスミン", "ياسمين"],
            ["sandalwood", "檀香", "白檀", "صندل"],
            ["cedar", "雪松", "杉", "أرز"],
            ["osmanthus", "桂花", "金木犀", "أوسمانثوس"],
            ["lavender", "薰衣草", "ラベンダー", "خزامى"],
            ["oud", "沉香", "沈香", "عود"],
        ],
        prices: (19, 320),
        choices: &[Choice::Pack],
        tags: &["scent", "fragrance", "calm", "home", "wax"],
    },
    Kind {
        id: "jewellery",
        name: ["Jewellery", "饰品", "アクセサリー", "مجوهرات"],
        nouns: &[
            ["ring", "戒指", "指輪", "خاتم"],
            ["earrings", "耳环", "イヤリング", "أقراط"],
            ["bracelet", "手链", "ブレスレット", "سوار"],
            ["necklace", "项链", "ネックレス", "قلادة"],
            ["hairpin", "发簪", "かんざし", "دبوس شعر"],
            ["brooch", "胸针", "ブローチ", "بروش"],
        ],
        materials: &[
            ["silver", "银", "シルバー", "فضة"],
            ["jade", "玉石", "翡翠", "يشم"],
            [
                "freshwater pearl",
                "淡水珍珠",
                "淡水パール",
                "لؤلؤ المياه العذبة",
            ],
            ["brass", "黄铜", "真鍮", "نحاس"],
            ["enamel", "珐琅", "七宝焼", "مينا"],
            ["gold-plated", "镀金", "金メッキ", "مطلي بالذهب"],
        ],
        prices: (59, 1280),
        choices: &[Choice::Size, Choice::Colour],
        tags: &["jewellery", "gift", "silver", "everyday", "handcrafted"],
    },
    Kind {
        id: "plants",
        name: ["Plants", "绿植", "植物", "نباتات"],
        nouns: &[
            ["succulent", "多肉", "多肉植物", "نبتة عصارية"],
            ["bonsai", "盆景", "盆栽", "بونساي"],
            ["orchid", "兰花", "蘭", "أوركيد"],
            ["planter", "花盆", "植木鉢", "أصيص"],
            ["seed kit", "种子套装", "種キット", "طقم بذور"],
            ["moss ball", "苔玉", "苔玉", "كرة طحلب"],
        ],
        materials: &[
            ["mini", "迷你", "ミニ", "صغير"],
            ["terracotta", "红陶", "テラコッタ", "طين محروق"],
            ["hanging", "悬挂式", "吊り下げ", "معلق"],
            ["desk", "桌面", "デスク用", "مكتبي"],
            ["glazed", "釉面", "釉薬", "مزجج"],
            ["rare", "稀有", "希少", "نادر"],
        ],
        prices: (15, 680),
        choices: &[Choice::Size],
        tags: &["plant", "green", "garden", "indoor", "living"],
    },
];

/// Adjectives any product may take, before the material.
pub const ADJECTIVES: &[Word] = &[
    ["Handmade", "手工", "手作りの", "مصنوع يدويًا"],
    ["Small-batch", "小批量", "少量生産の", "من إنتاج محدود"],
    ["Classic", "经典", "定番の", "كلاسيكي"],
    ["Everyday", "日常", "普段使いの", "للاستخدام اليومي"],
    ["Limited", "限定", "限定の", "إصدار محدود"],
    ["Gift-boxed", "礼盒装", "ギフト箱入りの", "في علبة هدايا"],
    ["Travel", "便携", "旅行用の", "للسفر"],
    ["Vintage-style", "复古", "ヴィンテージ風の", "بطراز عتيق"],
    ["Minimal", "极简", "シンプルな", "بسيط"],
    ["Hand-painted", "手绘", "手描きの", "مرسوم يدويًا"],
    ["Seasonal", "时令", "季節の", "موسمي"],
    ["Heirloom", "传家", "伝統の", "تراثي"],
];

/// Places a product is made, for descriptions.
pub const PLACES: &[Word] = &[
    ["Fuzhou", "福州", "福州", "فوتشو"],
    ["Jingdezhen", "景德镇", "景徳鎮", "جينغدتشن"],
    ["Kyoto", "京都", "京都", "كيوتو"],
    ["Arita", "有田", "有田", "أريتا"],
    ["Fez", "非斯", "フェズ", "فاس"],
    ["Hangzhou", "杭州", "杭州", "هانغتشو"],
    ["Yixing", "宜兴", "宜興", "ييشينغ"],
    ["Marrakesh", "马拉喀什", "マラケシュ", "مراكش"],
    ["Chiang Mai", "清迈", "チェンマイ", "شيانغ ماي"],
    ["Kanazawa", "金泽", "金沢", "كانازاوا"],
];

/// Description sentences; `{place}` is a place, `{years}` a number, `{thing}` the
/// product's noun, `{material}` its material.
pub const SENTENCES: &[Word] = &[
    [
        "Made in {place} by a workshop we have bought from for {years} years.",
        "由{place}的一家作坊制作，我们已经合作了{years}年。",
        "{place}の工房で作られています。お付き合いは{years}年になります。",
        "صُنع في {place} في ورشة نتعامل معها منذ {years} سنوات.",
    ],
    [
        "We check each {thing} order by hand before it ships.",
        "每一件{thing}发货前都经过人工检查。",
        "{thing}はひとつずつ手で検品してから発送します。",
        "نفحص كل {thing} يدويًا قبل الشحن.",
    ],
    [
        "The {material} gives it a quiet, warm character.",
        "{material}让它显得安静而温暖。",
        "{material}ならではの、静かで温かい表情です。",
        "يمنحه {material} طابعًا هادئًا ودافئًا.",
    ],
    [
        "Small differences in colour and shape are part of the handwork.",
        "颜色和形状的细微差别是手工制作的痕迹。",
        "色や形の小さな違いは手仕事の証です。",
        "الاختلافات الصغيرة في اللون والشكل جزء من العمل اليدوي.",
    ],
    [
        "A thoughtful gift for someone who likes slow mornings.",
        "送给喜欢慢慢享受早晨的人，是一份用心的礼物。",
        "ゆっくりした朝が好きな人への贈り物に。",
        "هدية مدروسة لمن يحب الصباحات الهادئة.",
    ],
    [
        "Care: wipe with a soft cloth and keep out of direct sunlight.",
        "保养：用软布擦拭，避免阳光直射。",
        "お手入れ：柔らかい布で拭き、直射日光を避けてください。",
        "العناية: امسحه بقطعة قماش ناعمة وأبعده عن أشعة الشمس المباشرة.",
    ],
    [
        "We pack it in recycled paper, without plastic.",
        "我们用再生纸包装，不用塑料。",
        "再生紙で包み、プラスチックは使いません。",
        "نغلفه بورق معاد تدويره ومن دون بلاستيك.",
    ],
    [
        "Only {years} dozen were made this season.",
        "本季只做了{years}打。",
        "今季は{years}ダースだけの製作です。",
        "لم يُصنع منه هذا الموسم سوى {years} دزينة.",
    ],
];

/// Colour values: id and label.
pub const COLOURS: &[(&str, Word)] = &[
    ("indigo", ["Indigo", "靛蓝", "藍", "نيلي"]),
    ("ivory", ["Ivory", "象牙白", "アイボリー", "عاجي"]),
    ("charcoal", ["Charcoal", "炭灰", "チャコール", "فحمي"]),
    ("rust", ["Rust", "铁锈红", "錆色", "صدئي"]),
    ("sage", ["Sage", "灰绿", "セージ", "أخضر مريمي"]),
];

/// Size values: id and label.
pub const SIZES: &[(&str, Word)] = &[
    ("s", ["Small", "小号", "S", "صغير"]),
    ("m", ["Medium", "中号", "M", "وسط"]),
    ("l", ["Large", "大号", "L", "كبير"]),
];

/// Option names, by choice.
pub fn choice_name(choice: Choice) -> Word {
    match choice {
        Choice::Weight => ["Weight", "重量", "重さ", "الوزن"],
        Choice::Colour => ["Colour", "颜色", "色", "اللون"],
        Choice::Size => ["Size", "尺寸", "サイズ", "المقاس"],
        Choice::Pack => ["Pack", "装数", "入数", "العبوة"],
    }
}

/// A title from an adjective, a material and a noun, in the word order of each
/// language.
pub fn title(adjective: &Word, material: &Word, noun: &Word) -> [String; 4] {
    let en_noun = noun[0];
    let en = format!("{} {} {en_noun}", adjective[0], material[0]);
    [
        en,
        format!("{}{}{}", adjective[1], material[1], noun[1]),
        format!("{}{}の{}", adjective[2], material[2], noun[2]),
        format!("{} {} {}", noun[3], material[3], adjective[3]),
    ]
}
