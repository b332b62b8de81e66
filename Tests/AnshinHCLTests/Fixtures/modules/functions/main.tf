# A module without providers: terraform init works offline here, so the function
# table can be checked against terraform console.
locals {
  greeting = templatefile("${path.module}/greeting.tftpl", { name = "Ada", items = ["x", "y"] })
}

output "greeting" {
  value = local.greeting
}
