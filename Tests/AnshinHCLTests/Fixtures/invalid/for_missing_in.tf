# expect: 2:12 Expected 'in'
x = [for a b : a]
