// Command urlgen writes a realistic URL list for benchmarks of
// `scamcheck urls` (see pkg/urlscan/urlgen):
//
//	go run ./cmd/urlgen -n 1000000 > /tmp/urls-1m.txt
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/scamcheck/scamcheck/pkg/urlscan/urlgen"
)

func main() {
	n := flag.Int("n", 1_000_000, "number of lines")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	if err := urlgen.Write(os.Stdout, *n, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "urlgen:", err)
		os.Exit(1)
	}
}
