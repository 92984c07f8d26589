package urlscan_test

import (
	"strconv"
	"sync"
	"testing"

	"github.com/scamcheck/scamcheck/pkg/rules"
	"github.com/scamcheck/scamcheck/pkg/scan"
)

var (
	scOnce sync.Once
	sc     *scan.Scanner
	scErr  error
)

// scanner builds the scanner of the built-in rules once.
func scanner(tb testing.TB) *scan.Scanner {
	tb.Helper()
	scOnce.Do(func() {
		set, err := rules.Load(rules.Embedded())
		if err != nil {
			scErr = err
			return
		}
		sc, scErr = scan.New(set)
	})
	if scErr != nil {
		tb.Fatal(scErr)
	}
	return sc
}

func atoi(s string) (int, error) { return strconv.Atoi(s) }
