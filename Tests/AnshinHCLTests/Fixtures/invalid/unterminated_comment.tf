# expect: 3:1 Unterminated comment
a = 1
/* never closed
b = 2
