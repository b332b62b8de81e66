# expect: 3:3 Missing ',' or ')'
x = max(1, 2
  y = 3
