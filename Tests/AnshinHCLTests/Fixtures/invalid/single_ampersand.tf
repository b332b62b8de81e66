# expect: 2:7 Invalid character '&'
x = a & b
