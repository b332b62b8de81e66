# expect: 2:11 Invalid block label
resource "${var.type}" "y" {
}
