# expect: 2:7 Missing newline
a = 1 b = 2
