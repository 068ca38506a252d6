# Session 15 (POLISH5), not a suite: python3 .polish5-compare.py A1 A2 B1 B2 (four OUT folders of .polish5-shots.mjs, builds A and B each run twice).
# Differences between builds A and B seen in both pairs (A1,B1) and (A2,B2), without those
# either build shows against itself (A1,A2), (B1,B2): what the change did, not run noise.
import sys, os, collections
A1,A2,B1,B2 = sys.argv[1:5]
IGN = set('outline-color outline-offset outline-style'.split())
def load(p):
    out={}
    for line in open(p):
        head, _, props = line.rstrip('\n').partition(' accent-color')
        path, _, rest = head.partition(' ')
        props = ('accent-color' + props).split(';') if props else []
        out[path]=(rest, dict(x.split(':',1) for x in props if ':' in x))
    return out
def diff(x, y):
    d=set()
    for k in set(x)&set(y):
        (hx,px),(hy,py)=x[k],y[k]
        if hx.split(' ')[1:2]!=hy.split(' ')[1:2]: d.add((k, hx.split(' ')[0], 'box', hx.split(' ')[1], hy.split(' ')[1]))
        for p in set(px)|set(py):
            if p in IGN: continue
            if px.get(p)!=py.get(p): d.add((k, hx.split(' ')[0], p, px.get(p), py.get(p)))
    return d
for n in sorted(os.listdir(A1)):
    a1,a2,b1,b2=[load(f'{d}/{n}') for d in (A1,A2,B1,B2)]
    noise={(k,e,p) for (k,e,p,_,__) in diff(a1,a2)|diff(b1,b2)}
    real=[t for t in diff(a1,b1) if t[:3] not in noise]
    real2={t[:3] for t in diff(a2,b2)}
    real=[t for t in real if t[:3] in real2]
    if real:
        c=collections.Counter((t[1],t[2],t[3],t[4]) for t in real)
        print(n); [print('  ',v,'x',*k) for k,v in sorted(c.items())]
