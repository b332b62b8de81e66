# expect: 3:10 Unterminated template string
locals {
  name = "abc
}
