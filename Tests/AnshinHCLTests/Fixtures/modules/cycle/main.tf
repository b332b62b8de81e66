locals {
  a = local.b
  b = "${local.c}-x"
  c = local.a
  d = 1
  e = local.d + 1
  f = 1 / 0
  g = local.f
}
