# expect: 4:1 Expected an attribute or block definition
resource "a" "b" {
}
}
