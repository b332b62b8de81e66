# expect: 2:10 Expected ':'
x = a ? b
