BEGIN {
  srand(seed);
  for (g = 1; g <= 1000; g++) { u[g] = 2 * (rand() + rand() + rand() - 1.5); s[g] = 0.5 * (rand() + rand() + rand() - 1.5) }
  srand(seed * 7919 + k);
  print "y,x,g";
  for (i = 0; i < n; i++) {
    g = int(rand() * 1000) + 1;
    x = (rand() + rand() + rand() + rand() - 2) * 1.7;
    e = (rand() + rand() + rand() + rand() + rand() + rand() - 3) * 1.4;
    printf "%.5f,%.5f,g%d\n", 10 + 0.5 * x + u[g] + s[g] * x + e, x, g;
  }
}
