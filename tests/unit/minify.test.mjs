// scripts/lib/minify.mjs: the release build's glue. A class JS can never hold is cut out
// with the wasm exports only it called; a class the wasm hands to JS (`__wrap`) or one
// with a constructor stays; minifying keeps the exports and the wasm's import names, and
// a glue that lost one fails the build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dropDeadClasses, minifyGlue, minifyLoader } from '../../scripts/lib/minify.mjs';
import { partsOf } from '../../scripts/parts.mjs';

// The shape wasm-bindgen 0.2.130 writes (abridged).
const GLUE = `import * as import1 from "./split-0.js"

export class Dead {
    __destroy_into_raw() {
        const ptr = this.__wbg_ptr;
        this.__wbg_ptr = 0;
        DeadFinalization.unregister(this);
        return ptr;
    }
    free() {
        const ptr = this.__destroy_into_raw();
        wasm.__wbg_dead_free(ptr, 0);
    }
    pull(controller) {
        return wasm.dead_pull(this.__wbg_ptr, controller, wasm.shared_helper);
    }
}
if (Symbol.dispose) Dead.prototype[Symbol.dispose] = Dead.prototype.free;

export class Held {
    static __wrap(ptr) {
        const obj = Object.create(Held.prototype);
        obj.__wbg_ptr = ptr;
        return obj;
    }
    free() {
        wasm.__wbg_held_free(this.__wbg_ptr, 0);
    }
}
if (Symbol.dispose) Held.prototype[Symbol.dispose] = Held.prototype.free;

function __wbg_get_imports() {
    const import0 = {
        __proto__: null,
        __wbg_held_new_0123456789abcdef: function(arg0) {
            const ret = Held.__wrap(arg0);
            return ret;
        },
        __wbg_log_fedcba9876543210: function(arg0) {
            console.log(arg0, wasm.shared_helper);
        },
    };
    return { __proto__: null, "./app_bg.js": import0, "./__wasm_split.js": import1 };
}
const DeadFinalization = (typeof FinalizationRegistry === 'undefined')
    ? { register: () => {}, unregister: () => {} }
    : new FinalizationRegistry(ptr => wasm.__wbg_dead_free(ptr, 1));
let wasm;
function initSync(module) {
    const instance = new WebAssembly.Instance(module, __wbg_get_imports());
    wasm = instance.exports;
    return wasm;
}
async function __wbg_init(module_or_path) {
    return initSync(await WebAssembly.compile(module_or_path));
}
export { initSync, __wbg_init as default };
`;

/** A wasm module importing `names` (functions of no arguments) from `./app_bg.js`. */
function wasmImporting(names) {
  const bytes = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const leb = (n) => (n < 0x80 ? [n] : [(n & 0x7f) | 0x80, ...leb(n >> 7)]);
  const section = (id, body) => [id, ...leb(body.length), ...body];
  bytes.push(...section(1, [1, 0x60, 0, 0]));
  const str = (s) => [s.length, ...Buffer.from(s)];
  const entries = names.flatMap((n) => [...str('./app_bg.js'), ...str(n), 0x00, 0x00]);
  bytes.push(...section(2, [...leb(names.length), ...entries]));
  return new Uint8Array(bytes);
}
const IMPORTS = ['__wbg_held_new_0123456789abcdef', '__wbg_log_fedcba9876543210'];

test('a class JS can never hold is cut out, with the wasm exports only it called', () => {
  const { glue, exports, classes } = dropDeadClasses(GLUE);
  assert.deepEqual(classes, ['Dead']);
  // `shared_helper` is also called by an import, so it stays exported.
  assert.deepEqual(exports, ['__wbg_dead_free', 'dead_pull']);
  assert.doesNotMatch(glue, /\bDead\b/);
  assert.match(glue, /export class Held \{/);
  assert.match(glue, /Held\.prototype\[Symbol\.dispose\]/);
});

test('a class with a constructor stays', () => {
  const withConstructor = GLUE.replace('export class Dead {\n', 'export class Dead {\n    constructor() {\n        this.__wbg_ptr = wasm.dead_new();\n    }\n');
  assert.deepEqual(dropDeadClasses(withConstructor).classes, []);
});

test('a dead class of another shape fails the build instead of leaving half of it', () => {
  const noRegistry = GLUE.replace(/^const DeadFinalization[\s\S]*?\);\n/m, '');
  assert.throws(() => dropDeadClasses(noRegistry), /not of the shape expected/);
});

test('the minified glue keeps its exports and every import the wasm needs', async () => {
  const { glue } = dropDeadClasses(GLUE);
  const out = await minifyGlue(glue, wasmImporting(IMPORTS));
  assert.ok(out.length < glue.length * 0.7, `${out.length} B of ${glue.length}`);
  for (const name of IMPORTS) assert.ok(out.includes(`${name}:`), name);
  assert.match(out, /export\s*\{[^}]*\binitSync\b[^}]*\}/);
  assert.match(out, /\bas default\b/);
  assert.match(out, /export class Held\b/);
  assert.ok(out.includes('"./__wasm_split.js"') && out.includes('"./app_bg.js"'));
});

test('a wasm import the glue does not provide fails the build', async () => {
  await assert.rejects(minifyGlue(GLUE, wasmImporting([...IMPORTS, '__wbg_gone_0000000000000000'])), /__wbg_gone_0000000000000000/);
});

// The parts' loader as scripts/split.mjs writes it (abridged): what scripts/parts.mjs reads.
const LOADER = `import { initSync } from "./app-1.js";

let sharedImports = undefined;
function getSharedImports() {
    if (sharedImports === undefined) {
        sharedImports = { __wasm_split: {} };
        const { memory } = initSync(undefined, undefined);
        Object.assign(sharedImports.__wasm_split, { memory });
    }
    return sharedImports;
}
function wrapAsyncCb(callee) {
    return async (callbackIndex, callbackData) => {
        let success;
        try { await callee(); success = true; } catch (e) { console.error(e); success = false; }
        getSharedImports().__wasm_split.__indirect_function_table.get(callbackIndex)(callbackData, success);
    };
}
const fetched = (file) => () => {
    const url = new URL(file, import.meta.url);
    const src = self.wasmSource?.(url) ?? fetch(url);
    return async (imports) => WebAssembly.instantiateStreaming(await src, imports);
};
function makeLoad(fetcher, deps) {
    let loadingModule = undefined;
    return () => loadingModule ??= Promise.all(deps.map((d) => d())).then(() => fetcher()(getSharedImports()));
}
const __chunk_6 = makeLoad(fetched("./chunk_6-ab.wasm"), []);
const __chunk_7 = makeLoad(fetched("./chunk_7-ab.wasm"), []);
export const __wasm_split_load_trust = wrapAsyncCb(makeLoad(fetched("./split_trust-ab.wasm"), [__chunk_7]));
export const __wasm_split_load_buying = wrapAsyncCb(makeLoad(fetched("./split_buying-ab.wasm"), [__chunk_6, __chunk_7]));
`;

test('the parts\' loader minified keeps its exports and the parts each needs, as parts.mjs reads them', async () => {
  const out = await minifyLoader(LOADER);
  assert.ok(out.length < LOADER.length * 0.8, `smaller: ${LOADER.length} -> ${out.length}`);
  assert.ok(!out.includes('__chunk_6'), 'local names are mangled');
  assert.ok(out.includes('"./app-1.js"'), 'the glue\'s name stays a plain string (split.mjs swaps it)');
  assert.ok(out.includes('self.wasmSource'), 'the published loader\'s hook is a property, not mangled');
  assert.deepEqual(partsOf(out), partsOf(LOADER));
  assert.deepEqual(partsOf(out), { trust: ['split_trust-ab.wasm', 'chunk_7-ab.wasm'], buying: ['split_buying-ab.wasm', 'chunk_6-ab.wasm', 'chunk_7-ab.wasm'] });
  await import(`data:text/javascript,${encodeURIComponent(out.replace('"./app-1.js"', '"data:text/javascript,export const initSync=()=>({})"'))}`)
    .then((m) => assert.deepEqual(Object.keys(m).sort(), ['__wasm_split_load_buying', '__wasm_split_load_trust']));
});
