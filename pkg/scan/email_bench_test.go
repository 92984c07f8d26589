package scan_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/scamcheck/scamcheck/pkg/eval"
	"github.com/scamcheck/scamcheck/pkg/input"
	"github.com/scamcheck/scamcheck/pkg/mailbox"
	"github.com/scamcheck/scamcheck/pkg/scan"
)

// benchMailbox is the mailbox the email benchmark reads: the 300 real
// honeypot mails of the development corpus (../shared/corpus; skipped
// when it is absent), or the mbox SCAMCHECK_BENCH_MBOX names.
func benchMailbox(b *testing.B) []mailbox.Message {
	b.Helper()
	path := os.Getenv("SCAMCHECK_BENCH_MBOX")
	if path == "" {
		msgs, err := eval.Load(filepath.Join("..", "..", "..", "shared", "corpus"), []string{"phishingpot"})
		if err != nil || len(msgs) == 0 {
			b.Skipf("no mailbox to read: %v", err)
		}
		out := make([]mailbox.Message, len(msgs))
		for i, m := range msgs {
			out[i] = mailbox.Message{Name: m.Name, Raw: []byte(m.Text), Total: int64(len(m.Text))}
		}
		return out
	}
	f, err := os.Open(path)
	if err != nil {
		b.Skip(err)
	}
	defer f.Close()
	var ms []mailbox.Message
	for m := range mailbox.Mbox(path, f, input.MaxBytes) {
		ms = append(ms, m)
	}
	return ms
}

// BenchmarkMailbox checks every message of a real mailbox, one core,
// offline: the figure `scamcheck check -f inbox.mbox --offline` can reach
// once the process has started. msgs/s is reported besides MB/s.
func BenchmarkMailbox(b *testing.B) {
	ms := benchMailbox(b)
	sc := benchScanner(b)
	var size int64
	for _, m := range ms {
		size += int64(len(m.Raw))
	}
	ctx := context.Background()
	b.SetBytes(size)
	b.ResetTimer()
	for range b.N {
		for _, m := range ms {
			res := sc.CheckItem(ctx, input.FromBytes(m.Name, m.Raw, m.Total), scan.AsAuto)
			if res.Error != "" {
				b.Fatal(res.Error)
			}
		}
	}
	b.ReportMetric(float64(len(ms)*b.N)/b.Elapsed().Seconds(), "msgs/s")
}
