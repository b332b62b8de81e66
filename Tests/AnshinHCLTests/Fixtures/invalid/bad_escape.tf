# expect: 3:13 Invalid escape sequence
locals {
  path = "C:\dir\new"
}
