pub fn provide_studio() {}
