//! DIAGNOSTIC ONLY (feature `alloc-trace`): reports every allocation and free to
//! `globalThis.__allocHook(ptr, size)` / `__freeHook(ptr)`.
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, Ordering};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = globalThis, js_name = __allocHook)]
    fn alloc_hook(ptr: usize, size: usize);
    #[wasm_bindgen(js_namespace = globalThis, js_name = __freeHook)]
    fn free_hook(ptr: usize);
}

/// Set while a hook runs: what the hook's own call allocates is not reported.
static BUSY: AtomicBool = AtomicBool::new(false);

fn guarded(f: impl FnOnce()) {
    if BUSY.swap(true, Ordering::Relaxed) {
        return;
    }
    f();
    BUSY.store(false, Ordering::Relaxed);
}

pub struct Trace;

unsafe impl GlobalAlloc for Trace {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        guarded(|| alloc_hook(p as usize, layout.size()));
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        guarded(|| free_hook(ptr as usize));
        System.dealloc(ptr, layout)
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc_zeroed(layout);
        guarded(|| alloc_hook(p as usize, layout.size()));
        p
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new: usize) -> *mut u8 {
        let p = System.realloc(ptr, layout, new);
        guarded(|| {
            free_hook(ptr as usize);
            alloc_hook(p as usize, new);
        });
        p
    }
}

#[global_allocator]
static A: Trace = Trace;
