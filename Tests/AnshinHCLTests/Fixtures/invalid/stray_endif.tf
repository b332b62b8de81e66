# expect: 2:8 Unexpected 'endif' directive
x = "a %{ endif } b"
