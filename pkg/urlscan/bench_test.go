package urlscan_test

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"os"
	"testing"

	"github.com/scamcheck/scamcheck/pkg/report"
	"github.com/scamcheck/scamcheck/pkg/scan"
	"github.com/scamcheck/scamcheck/pkg/urlscan"
	"github.com/scamcheck/scamcheck/pkg/urlscan/urlgen"
)

// BenchmarkRun scans generated lists of mixed URLs (official AliExpress
// links, popular sites, lookalikes, IPs, junk: see urlgen) with ndjson
// output, end to end but in process. Run it on one core:
//
//	go test -run XXX -bench Run -cpu 1 ./pkg/urlscan
//
// The target is 200,000 lines/s.
func BenchmarkRun(b *testing.B) {
	var list bytes.Buffer
	const n = 200_000
	if err := urlgen.Write(&list, n, 1); err != nil {
		b.Fatal(err)
	}
	sc := scanner(b)
	b.SetBytes(int64(list.Len()))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		out := bufio.NewWriterSize(io.Discard, 64<<10)
		rep, _ := report.NewURLs("ndjson", out, false)
		j := urlscan.NewScannerJudge(sc)
		src := urlscan.Source{Name: "list", Open: func() (io.ReadCloser, error) {
			return io.NopCloser(bytes.NewReader(list.Bytes())), nil
		}}
		_, err := urlscan.Run(context.Background(), []urlscan.Source{src}, urlscan.Options{
			Judge: j.Judge, Emit: func(r *scan.URLRecord) error { return rep.Write(r) }, Flush: out.Flush,
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "lines/s")
}

// TestWriteBenchList writes the generated list of the benchmark to the file
// named by SCAMCHECK_URLS_BENCH_FILE (1,000,000 lines; the count can be set
// with SCAMCHECK_URLS_BENCH_LINES), for measuring the real binary:
//
//	SCAMCHECK_URLS_BENCH_FILE=/tmp/urls-1m.txt go test -run WriteBenchList ./pkg/urlscan
//	/usr/bin/time -f '%e s %M KB' taskset -c 0 scamcheck urls --offline -f /tmp/urls-1m.txt > /dev/null
func TestWriteBenchList(t *testing.T) {
	path := os.Getenv("SCAMCHECK_URLS_BENCH_FILE")
	if path == "" {
		t.Skip("set SCAMCHECK_URLS_BENCH_FILE to write the benchmark list")
	}
	n := 1_000_000
	if s := os.Getenv("SCAMCHECK_URLS_BENCH_LINES"); s != "" {
		var err error
		if n, err = atoi(s); err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := urlgen.Write(f, n, 1); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
