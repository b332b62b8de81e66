# expect: 2:9 Invalid single-line block
outer { inner { } }
