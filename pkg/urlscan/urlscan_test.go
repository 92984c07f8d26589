package urlscan_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/scamcheck/scamcheck/pkg/detect"
	"github.com/scamcheck/scamcheck/pkg/scan"
	"github.com/scamcheck/scamcheck/pkg/urlscan"
	"github.com/scamcheck/scamcheck/pkg/verdict"
)

func textSource(name, s string) urlscan.Source {
	return urlscan.Source{Name: name, Open: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(s)), nil }}
}

// echoJudge marks every line safe and records its text as the URL.
func echoJudge(_ context.Context, it *urlscan.Item) scan.URLRecord {
	return scan.URLRecord{Source: it.Source, Line: it.Line, Input: it.Text, URL: it.Text,
		Verdict: verdict.Safe, Reasons: []detect.Finding{}}
}

func collect(t *testing.T, sources []urlscan.Source, opts urlscan.Options) ([]scan.URLRecord, urlscan.Stats) {
	t.Helper()
	var recs []scan.URLRecord
	if opts.Judge == nil {
		opts.Judge = echoJudge
	}
	opts.Emit = func(r *scan.URLRecord) error { recs = append(recs, *r); return nil }
	st, err := urlscan.Run(context.Background(), sources, opts)
	if err != nil {
		t.Fatal(err)
	}
	return recs, st
}

func TestOrderAndLines(t *testing.T) {
	var b strings.Builder
	b.WriteString("\xEF\xBB\xBF")
	for i := 1; i <= 5000; i++ {
		switch i % 7 {
		case 0:
			b.WriteString("   \r\n")
		case 3:
			b.WriteString("# comment\r\n")
		default:
			fmt.Fprintf(&b, "  host%d.example \r\n", i)
		}
	}
	for _, jobs := range []int{1, 4, 16} {
		recs, st := collect(t, []urlscan.Source{textSource("a", b.String()), {Name: "argument", Args: []string{"x.com", " ", "y.com"}}},
			urlscan.Options{Jobs: jobs, Window: 512})
		prev := 0
		for _, r := range recs[:len(recs)-2] {
			if r.Line <= prev || r.Input != fmt.Sprintf("host%d.example", r.Line) {
				t.Fatalf("jobs %d: record %+v after line %d", jobs, r, prev)
			}
			prev = r.Line
		}
		if got := recs[len(recs)-1]; got.Source != "argument" || got.Line != 3 || got.Input != "y.com" {
			t.Errorf("last record %+v", got)
		}
		if st.Overtaken != 0 || st.Lines != len(recs) || st.Safe != len(recs) || st.Worst != 0 {
			t.Errorf("jobs %d: stats %+v for %d records", jobs, st, len(recs))
		}
	}
}

func TestLongLineAndMissingSource(t *testing.T) {
	long := strings.Repeat("a", 10<<20)
	missing := urlscan.Source{Name: "nope.txt", Open: func() (io.ReadCloser, error) { return nil, errors.New("open nope.txt: no such file") }}
	recs, st := collect(t, []urlscan.Source{textSource("a", "one.com\n"+long+"\ntwo.com"), missing, textSource("b", "three.com\n")}, urlscan.Options{})
	want := []string{"one.com", "", "two.com", "nope.txt", "three.com"}
	if len(recs) != len(want) {
		t.Fatalf("%d records: %+v", len(recs), recs)
	}
	if !strings.HasPrefix(recs[1].Error, "line too long: 10485760 bytes") || len(recs[1].Input) > 300 || recs[1].Line != 2 {
		t.Errorf("long line record: line %d, error %q, input %d bytes", recs[1].Line, recs[1].Error, len(recs[1].Input))
	}
	if recs[2].Input != "two.com" || recs[2].Line != 3 || recs[3].Error == "" || recs[4].Input != "three.com" {
		t.Errorf("records %+v", recs)
	}
	if st.BadLines != 1 || len(st.SourceErrors) != 1 {
		t.Errorf("stats %+v", st)
	}
}

func TestCSVColumn(t *testing.T) {
	in := "\xEF\xBB\xBFid,URL,note\r\n1,aliexpres.com,\"a, b\"\r\n2,\"https://x.com/a,b\",\n3\n4,# skip,\n"
	recs, _ := collect(t, []urlscan.Source{textSource("c", in)}, urlscan.Options{Column: "url"})
	if len(recs) != 3 || recs[0].Input != "aliexpres.com" || recs[0].Line != 2 || recs[1].Input != "https://x.com/a,b" || recs[2].Error == "" {
		t.Errorf("by name: %+v", recs)
	}
	recs, _ = collect(t, []urlscan.Source{textSource("c", in)}, urlscan.Options{Column: "2"})
	if len(recs) != 3 || recs[0].Input != "aliexpres.com" {
		t.Errorf("by number (header skipped): %+v", recs)
	}
	recs, st := collect(t, []urlscan.Source{textSource("c", in)}, urlscan.Options{Column: "nope"})
	if len(recs) != 1 || len(st.SourceErrors) != 1 {
		t.Errorf("unknown column: %+v %+v", recs, st)
	}
}

// TestWindow: a line whose judgement is late holds back at most Window
// records when the reader may run further ahead (as the age layer will let
// it); they come out, then the late line.
func TestWindow(t *testing.T) {
	var b strings.Builder
	for i := 1; i <= 2000; i++ {
		fmt.Fprintf(&b, "h%d.com\n", i)
	}
	release := make(chan struct{})
	var once sync.Once
	judge := func(ctx context.Context, it *urlscan.Item) scan.URLRecord {
		if it.Line == 3 {
			<-release
		}
		return echoJudge(ctx, it)
	}
	var recs []scan.URLRecord
	var mu sync.Mutex
	opts := urlscan.Options{Jobs: 4, Window: 256, ReadAhead: 4096, Judge: judge,
		Emit: func(r *scan.URLRecord) error {
			mu.Lock()
			recs = append(recs, *r)
			n := len(recs)
			mu.Unlock()
			if n >= 256 {
				once.Do(func() { close(release) })
			}
			return nil
		}}
	go func() { time.Sleep(5 * time.Second); once.Do(func() { close(release) }) }()
	st, err := urlscan.Run(context.Background(), []urlscan.Source{textSource("w", b.String())}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2000 || st.Overtaken == 0 {
		t.Fatalf("%d records, %d overtaken", len(recs), st.Overtaken)
	}
	if recs[0].Line == 1 {
		t.Fatalf("first batch (with line 3) came first; want it overtaken")
	}
	seen := map[int]bool{}
	for _, r := range recs {
		seen[r.Line] = true
	}
	if len(seen) != 2000 {
		t.Errorf("%d distinct lines", len(seen))
	}
}

func TestInterrupt(t *testing.T) {
	pr, pw := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	var out bytes.Buffer
	n := 0
	done := make(chan urlscan.Stats)
	go func() {
		st, _ := urlscan.Run(ctx, []urlscan.Source{{Name: "stdin", Open: func() (io.ReadCloser, error) { return pr, nil }}},
			urlscan.Options{Judge: echoJudge, Emit: func(r *scan.URLRecord) error { n++; fmt.Fprintln(&out, r.Input); return nil }})
		done <- st
	}()
	fmt.Fprintln(pw, "a.com\nb.com")
	time.Sleep(200 * time.Millisecond)
	cancel()
	select {
	case st := <-done:
		if !st.Interrupted || n != 2 || out.String() != "a.com\nb.com\n" {
			t.Errorf("stats %+v, %d records: %q", st, n, out.String())
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
	pw.Close()
}

func TestCacheBounded(t *testing.T) {
	c := urlscan.NewCache(10)
	for i := range 1000 {
		c.Put(fmt.Sprintf("d%d.com", i), scan.DomainResult{})
	}
	if c.Len() > 20 {
		t.Errorf("cache holds %d domains", c.Len())
	}
	if _, ok := c.Get("d999.com"); !ok {
		t.Error("recent domain missing")
	}
}

// TestCancelledBeforeStart checks a run whose context is already cancelled:
// the reader stops at once and closes its channels, and the writer must
// still report the run as interrupted, whichever it sees first.
func TestCancelledBeforeStart(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for i := range 300 {
		st, err := urlscan.Run(ctx, []urlscan.Source{textSource("a", "google.com\n")},
			urlscan.Options{Judge: echoJudge, Emit: func(*scan.URLRecord) error { return nil }})
		if err != nil || !st.Interrupted {
			t.Fatalf("run %d: err %v, stats %+v", i, err, st)
		}
	}
}
