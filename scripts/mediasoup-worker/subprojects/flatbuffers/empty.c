void linkroom_meson_shim_empty(void) {}
