# expect: 3:9 Expected the start of an expression
tags = {
  a = 1,,
}
