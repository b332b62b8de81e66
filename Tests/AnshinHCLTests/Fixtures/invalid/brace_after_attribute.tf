# expect: 3:9 Missing newline after the argument
r {
  b = 1 }
