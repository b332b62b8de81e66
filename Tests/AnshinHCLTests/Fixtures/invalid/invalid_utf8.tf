# expect: 2:6 Invalid UTF-8
x = "ÿ"
