{
  "targets": [
    {
      "target_name": "buzz_bz2",
      "sources": ["bz2.c"],
      "libraries": ["-lbz2"],
      "cflags": ["-O2", "-Wall", "-Wextra", "-Wno-unused-parameter"]
    }
  ]
}
