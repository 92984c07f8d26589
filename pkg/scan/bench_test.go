package scan_test

import (
	"context"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/scamcheck/scamcheck/pkg/detect"
	"github.com/scamcheck/scamcheck/pkg/normalize"
	"github.com/scamcheck/scamcheck/pkg/rules"
	"github.com/scamcheck/scamcheck/pkg/scan"
)

// benchMessages reads the mixed-language benchmark messages.
func benchMessages(b *testing.B) []string {
	b.Helper()
	data, err := os.ReadFile("../../testdata/bench/messages.txt")
	if err != nil {
		b.Fatal(err)
	}
	return strings.Split(strings.TrimSpace(string(data)), "\n")
}

// mixedText builds about size bytes of text from msgs in a fixed
// pseudo-random order.
func mixedText(msgs []string, size int) string {
	r := rand.New(rand.NewPCG(1, 2))
	var sb strings.Builder
	for sb.Len() < size {
		sb.WriteString(msgs[r.IntN(len(msgs))])
		sb.WriteString("\n")
	}
	return sb.String()
}

func benchScanner(b *testing.B) *scan.Scanner {
	b.Helper()
	set, err := rules.Load(rules.Embedded())
	if err != nil {
		b.Fatal(err)
	}
	sc, err := scan.New(set)
	if err != nil {
		b.Fatal(err)
	}
	return sc
}

// BenchmarkCheck1MB checks 1 MB of mixed-language text end to end
// (extraction, normalisation, all phrase rules in one pass, URL signals,
// verdict) and reports MB/s.
func BenchmarkCheck1MB(b *testing.B) {
	sc := benchScanner(b)
	text := mixedText(benchMessages(b), 1<<20)
	ctx := context.Background()
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for range b.N {
		if _, err := sc.CheckText(ctx, "bench", detect.KindText, text); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNormalize1MB measures normalisation alone.
func BenchmarkNormalize1MB(b *testing.B) {
	text := mixedText(benchMessages(b), 1<<20)
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for range b.N {
		normalize.Normalize(text, nil)
	}
}

// BenchmarkPhrases1MB measures the phrase detector alone (one pass of all
// pattern rules) over an already prepared 1 MB document.
func BenchmarkPhrases1MB(b *testing.B) {
	sc := benchScanner(b)
	text := mixedText(benchMessages(b), 1<<20)
	doc := scan.Prepare("bench", detect.KindText, text)
	ctx := context.Background()
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for range b.N {
		if _, err := sc.Check(ctx, doc); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheckSMS checks SMS-sized messages end to end and reports
// messages per second.
func BenchmarkCheckSMS(b *testing.B) {
	sc := benchScanner(b)
	msgs := benchMessages(b)
	ctx := context.Background()
	var n int64
	for _, m := range msgs {
		n += int64(len(m))
	}
	b.ResetTimer()
	for i := range b.N {
		if _, err := sc.CheckText(ctx, "bench", detect.KindText, msgs[i%len(msgs)]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
}

// BenchmarkStartup measures loading and compiling the built-in rules, the
// work every process does once before its first check.
func BenchmarkStartup(b *testing.B) {
	for range b.N {
		set, err := rules.Load(rules.Embedded())
		if err != nil {
			b.Fatal(err)
		}
		if _, err := scan.New(set); err != nil {
			b.Fatal(err)
		}
	}
}
