// Package urlscan is the streaming engine of `scamcheck urls`: it reads
// lists of URLs and domains line by line, judges the lines with a bounded
// pool of workers, and hands the records back in input order, so that a list
// of any length is scanned in constant memory.
//
// # Pipeline
//
// One reader goroutine reads the sources one after the other and cuts them
// into batches of at most 128 lines (a batch is also sent early whenever the
// next read might block, so that `tail -f | scamcheck urls` streams).
// Opts.Jobs workers judge the batches; the goroutine that called Run puts the
// records back in order and passes them to Opts.Emit one at a time.
//
// # Ordering window
//
// Records come out in input order. The window bounds how long a line that is
// not judged yet can hold back the lines after it: once Window later records
// are ready (default 4096), they are emitted and the late line follows when
// it is ready, its Source and Line saying where it belongs (Stats.Overtaken
// counts such records). How far the reader may run ahead of the oldest
// unwritten line is ReadAhead; while ReadAhead is at most Window, as by
// default, no line can be overtaken and the output is strictly in input
// order. That is the right setting while every layer runs locally (today:
// the age layer, which will wait on RDAP and WHOIS answers, does not exist
// yet). When it plugs in, it sets ReadAhead above Window so that a slow
// answer for line 3 holds back at most Window lines.
//
// # Concurrency
//
// Run may be called from any goroutine; Emit, Flush and Progress are called
// only from that goroutine. Judge is called concurrently from the workers
// and must be safe for that. When ctx is cancelled Run stops: records already
// emitted are complete, records judged but not in order are dropped, and Run
// returns without waiting for a reader blocked on a source (its goroutine
// ends when the read returns).
package urlscan

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/scamcheck/scamcheck/pkg/detect"
	"github.com/scamcheck/scamcheck/pkg/extract"
	"github.com/scamcheck/scamcheck/pkg/scan"
	"github.com/scamcheck/scamcheck/pkg/verdict"
)

const (
	// DefaultWindow is the default ordering window, in lines.
	DefaultWindow = 4096
	// MaxLineBytes is the longest line judged (64 KiB, newline included);
	// a longer line gets a record with an error.
	MaxLineBytes = 64 << 10
	// batchSize is how many lines a worker judges at a time.
	batchSize = 128
	// echoBytes is how much of a line that is too long the record repeats.
	echoBytes = 256
)

// Source is one input: command-line arguments (each one line) or a stream
// opened when its turn comes.
type Source struct {
	// Name is a file path, "stdin" or "argument".
	Name string
	// Args are the lines when the source is the command line.
	Args []string
	// Open opens the stream; nil with Args.
	Open func() (io.ReadCloser, error)
}

// Item is one line to judge.
type Item struct {
	Source string
	Line   int
	// Text is the line, trimmed, without its line ending.
	Text string
	// Err is set when the line cannot be judged (too long, bad CSV) or,
	// with SourceErr, when the source could not be read.
	Err       error
	SourceErr bool
}

// Judge turns one line into its record. It is called concurrently.
type Judge func(ctx context.Context, it *Item) scan.URLRecord

// Options configure Run.
type Options struct {
	// Jobs is the number of workers (default GOMAXPROCS).
	Jobs int
	// Window is the ordering window in lines (default DefaultWindow).
	Window int
	// ReadAhead is how many lines may be read ahead of the oldest line not
	// yet emitted (default Window; see the package documentation).
	ReadAhead int
	// Column selects a column of CSV input: a 1-based number or a header
	// name. Empty: one URL per line.
	Column string
	// Judge judges a line (required).
	Judge Judge
	// Emit receives each record, in order (required).
	Emit func(*scan.URLRecord) error
	// Flush is called when no more records are ready, so that a stream is
	// written out while the reader waits for input.
	Flush func() error
	// Progress is called after each batch with the lines emitted and the
	// bytes read so far.
	Progress func(lines int, bytes int64)
}

// Stats count what a run did.
type Stats struct {
	// Lines is the number of records emitted (or filtered by Emit).
	Lines int
	// Verdicts counts the records per verdict.
	Safe, Suspicious, Scam int
	// BadLines counts lines that could not be judged.
	BadLines int
	// SourceErrors are the sources that could not be read.
	SourceErrors []error
	// Overtaken counts records emitted after later lines (see the window).
	Overtaken int
	// Bytes is the input read.
	Bytes int64
	// Worst is the rank of the worst verdict, -1 when none.
	Worst int
	// Interrupted reports that ctx was cancelled before the end.
	Interrupted bool
	Elapsed     time.Duration
}

// batch is a run of lines judged together.
type batch struct {
	seq   int
	items []Item
	recs  []scan.URLRecord
	n     int   // records judged (all of them unless interrupted)
	bytes int64 // input bytes read when the batch was sent
}

// ParseColumn checks a --column value: a 1-based number or a name.
func ParseColumn(s string) error {
	if s == "" {
		return errors.New("empty column")
	}
	if n, err := strconv.Atoi(s); err == nil && n < 1 {
		return fmt.Errorf("column %d: numbers start at 1", n)
	}
	return nil
}

// Run scans the sources and emits one record per line. It returns the
// first error of Emit or Flush; everything else, including unreadable
// sources, is in Stats.
func Run(ctx context.Context, sources []Source, opts Options) (Stats, error) {
	start := time.Now()
	if opts.Jobs <= 0 {
		opts.Jobs = runtime.GOMAXPROCS(0)
	}
	if opts.Window <= 0 {
		opts.Window = DefaultWindow
	}
	if opts.ReadAhead <= 0 {
		opts.ReadAhead = opts.Window
	}
	if opts.Column != "" {
		if err := ParseColumn(opts.Column); err != nil {
			return Stats{Worst: -1}, err
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	slots := make(chan struct{}, max(1, opts.ReadAhead/batchSize))
	work := make(chan *batch, cap(slots))
	done := make(chan *batch, cap(slots))
	rd := &reader{ctx: ctx, opts: &opts, slots: slots, work: work}
	go rd.run(sources)

	var wg sync.WaitGroup
	for range opts.Jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range work {
				b.recs = make([]scan.URLRecord, len(b.items))
				for i := range b.items {
					if ctx.Err() != nil {
						break
					}
					it := &b.items[i]
					if it.Err != nil {
						b.recs[i] = errorRecord(it)
					} else {
						b.recs[i] = opts.Judge(ctx, it)
					}
					b.n = i + 1
				}
				done <- b
			}
		}()
	}
	go func() {
		wg.Wait()
		close(done)
	}()

	w := &writer{opts: &opts, st: Stats{Worst: -1}, pending: map[int]*batch{}, early: map[int]bool{}, slots: slots}
	err := w.loop(ctx, done)
	w.st.Bytes = rd.bytes.Load()
	w.st.Elapsed = time.Since(start)
	return w.st, err
}

// errorRecord is the record of a line that cannot be judged.
func errorRecord(it *Item) scan.URLRecord {
	return scan.URLRecord{Source: it.Source, Line: it.Line, Input: it.Text,
		Reasons: []detect.Finding{}, Error: it.Err.Error()}
}

// writer puts batches back in order and emits their records.
type writer struct {
	opts    *Options
	st      Stats
	pending map[int]*batch // judged, not emitted
	held    int            // records in pending
	next    int            // the oldest batch not emitted
	early   map[int]bool   // batches after next emitted by overtaking
	slots   chan struct{}
}

func (w *writer) loop(ctx context.Context, done <-chan *batch) error {
	for {
		select {
		case b, ok := <-done:
			if !ok {
				if ctx.Err() != nil {
					// The reader stopped early because of the cancel;
					// select may see the closed channel before ctx.Done.
					return w.interrupted(done)
				}
				return w.flush()
			}
			if err := w.add(b); err != nil {
				return err
			}
			if len(done) == 0 {
				if err := w.flush(); err != nil {
					return err
				}
			}
		case <-ctx.Done():
			return w.interrupted(done)
		}
	}
}

// interrupted emits what is already judged and in order, then stops.
func (w *writer) interrupted(done <-chan *batch) error {
	w.st.Interrupted = true
drain:
	for {
		select {
		case b, ok := <-done:
			if !ok {
				break drain
			}
			w.pending[b.seq] = b
		default:
			break drain
		}
	}
	for b := w.pending[w.next]; b != nil; b = w.pending[w.next] {
		if err := w.emit(b, b.n); err != nil {
			return err
		}
		delete(w.pending, w.next)
		w.advance()
		if b.n < len(b.items) {
			break
		}
	}
	return w.flush()
}

func (w *writer) flush() error {
	if w.opts.Flush != nil {
		return w.opts.Flush()
	}
	return nil
}

// add takes a judged batch and emits what is in order, or what the window
// no longer lets wait.
func (w *writer) add(b *batch) error {
	if b.n < len(b.items) {
		// Interrupted while judging: the loop's ctx case handles it.
		w.pending[b.seq] = b
		return nil
	}
	w.pending[b.seq] = b
	w.held += len(b.recs)
	for b := w.pending[w.next]; b != nil; b = w.pending[w.next] {
		if b.n < len(b.items) {
			return nil
		}
		delete(w.pending, w.next)
		w.held -= len(b.recs)
		if err := w.emit(b, len(b.recs)); err != nil {
			return err
		}
		<-w.slots
		w.advance()
	}
	if w.held >= w.opts.Window {
		// The oldest line is late: emit everything judged after it.
		seqs := make([]int, 0, len(w.pending))
		for s := range w.pending {
			seqs = append(seqs, s)
		}
		sortInts(seqs)
		for _, s := range seqs {
			b := w.pending[s]
			if b.n < len(b.items) {
				continue
			}
			delete(w.pending, s)
			w.held -= len(b.recs)
			w.early[s] = true
			w.st.Overtaken += len(b.recs)
			if err := w.emit(b, len(b.recs)); err != nil {
				return err
			}
			<-w.slots
		}
	}
	return nil
}

// advance moves next past the batches already emitted early.
func (w *writer) advance() {
	w.next++
	for w.early[w.next] {
		delete(w.early, w.next)
		w.next++
	}
}

func (w *writer) emit(b *batch, n int) error {
	for i := range n {
		r := &b.recs[i]
		switch {
		case r.Error != "" && b.items[i].SourceErr:
			w.st.SourceErrors = append(w.st.SourceErrors, errors.New(r.Error))
		case r.Error != "":
			w.st.BadLines++
		default:
			switch r.Verdict {
			case verdict.Safe:
				w.st.Safe++
			case verdict.Suspicious:
				w.st.Suspicious++
			case verdict.Scam:
				w.st.Scam++
			}
			w.st.Worst = max(w.st.Worst, r.Verdict.Rank())
		}
		w.st.Lines++
		if err := w.opts.Emit(r); err != nil {
			return err
		}
	}
	if w.opts.Progress != nil {
		w.opts.Progress(w.st.Lines, b.bytes)
	}
	return nil
}

func sortInts(a []int) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

// reader cuts the sources into batches.
type reader struct {
	ctx   context.Context
	opts  *Options
	slots chan struct{}
	work  chan *batch
	seq   int
	cur   *batch
	bytes atomic.Int64
}

func (r *reader) run(sources []Source) {
	defer close(r.work)
	for _, src := range sources {
		if r.ctx.Err() != nil {
			return
		}
		if !r.source(src) {
			return
		}
	}
	r.send()
}

// add queues one item; false when the run is cancelled.
func (r *reader) add(it Item) bool {
	if r.cur == nil {
		r.cur = &batch{items: make([]Item, 0, batchSize)}
	}
	r.cur.items = append(r.cur.items, it)
	if len(r.cur.items) == batchSize {
		return r.send()
	}
	return true
}

// send hands the current batch to the workers, waiting for a slot in the
// read-ahead; false when the run is cancelled.
func (r *reader) send() bool {
	if r.cur == nil || len(r.cur.items) == 0 {
		return r.ctx.Err() == nil
	}
	select {
	case r.slots <- struct{}{}:
	case <-r.ctx.Done():
		return false
	}
	b := r.cur
	r.cur = nil
	b.seq = r.seq
	r.seq++
	b.bytes = r.bytes.Load()
	r.work <- b
	return true
}

// source reads one source; false when the run is cancelled.
func (r *reader) source(src Source) bool {
	if src.Open == nil {
		for i, a := range src.Args {
			if !r.line(src.Name, i+1, []byte(a), false) {
				return false
			}
		}
		return true
	}
	rc, err := src.Open()
	if err != nil {
		return r.add(Item{Source: src.Name, Text: src.Name, Err: err, SourceErr: true})
	}
	defer rc.Close()
	// Before each read of the source, which may block, send what is
	// queued so that a slow stream is judged as it comes.
	in := &hookReader{r: rc, before: func() { r.send() }, n: &r.bytes}
	if r.opts.Column != "" {
		return r.csv(src.Name, in)
	}
	br := bufio.NewReaderSize(in, MaxLineBytes)
	for n := 1; ; n++ {
		line, err := br.ReadSlice('\n')
		tooLong := false
		if errors.Is(err, bufio.ErrBufferFull) {
			tooLong = true
			echo := bytes.Clone(line[:min(len(line), echoBytes)])
			total := len(line)
			for errors.Is(err, bufio.ErrBufferFull) {
				line, err = br.ReadSlice('\n')
				total += len(line)
			}
			if bytes.HasSuffix(line, []byte("\r\n")) {
				total -= 2
			} else if bytes.HasSuffix(line, []byte("\n")) {
				total--
			}
			if err != nil && err != io.EOF {
				return r.add(Item{Source: src.Name, Line: n, Text: src.Name, Err: fmt.Errorf("read %s: %w", src.Name, err), SourceErr: true})
			}
			it := Item{Source: src.Name, Line: n, Text: clipEcho(echo),
				Err: fmt.Errorf("line too long: %d bytes (a URL is at most %d)", total, MaxLineBytes)}
			if !r.add(it) {
				return false
			}
			if err == io.EOF {
				return true
			}
			continue
		}
		if len(line) > 0 && !tooLong {
			if n == 1 {
				line = bytes.TrimPrefix(line, []byte("\xEF\xBB\xBF"))
			}
			if !r.line(src.Name, n, line, true) {
				return false
			}
		}
		if err == io.EOF {
			return true
		}
		if err != nil {
			return r.add(Item{Source: src.Name, Line: n, Text: src.Name, Err: fmt.Errorf("read %s: %w", src.Name, err), SourceErr: true})
		}
	}
}

// line queues one line unless it is blank or a comment.
func (r *reader) line(name string, n int, b []byte, comments bool) bool {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || (comments && b[0] == '#') {
		return true
	}
	return r.add(Item{Source: name, Line: n, Text: string(b)})
}

// csv reads a CSV source and takes one column of each record.
func (r *reader) csv(name string, in io.Reader) bool {
	br := bufio.NewReaderSize(in, 64<<10)
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\xEF\xBB\xBF")) {
		_, _ = br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true
	col, byName := strconv.Atoi(r.opts.Column)
	col--
	first := true
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return true
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			if !r.add(Item{Source: name, Line: pe.Line, Text: "", Err: fmt.Errorf("bad CSV: %v", pe.Err)}) {
				return false
			}
			continue
		}
		if err != nil {
			return r.add(Item{Source: name, Text: name, Err: fmt.Errorf("read %s: %w", name, err), SourceErr: true})
		}
		line, _ := cr.FieldPos(0)
		if first {
			first = false
			if byName != nil {
				col = -1
				for i, h := range rec {
					if strings.EqualFold(strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF")), r.opts.Column) {
						col = i
						break
					}
				}
				if col < 0 {
					return r.add(Item{Source: name, Text: name, SourceErr: true,
						Err: fmt.Errorf("%s: no column %q in the header row", name, r.opts.Column)})
				}
				continue
			}
			// A first row whose column is not a URL or domain is the
			// header.
			if col < len(rec) {
				if _, err := extract.ParseOne(rec[col]); err != nil {
					continue
				}
			}
		}
		if col >= len(rec) {
			if !r.add(Item{Source: name, Line: line, Text: strings.Join(rec, ","), Err: fmt.Errorf("no column %d on this line", col+1)}) {
				return false
			}
			continue
		}
		f := strings.TrimSpace(rec[col])
		if f == "" || f[0] == '#' {
			continue
		}
		if len(f) > MaxLineBytes {
			if !r.add(Item{Source: name, Line: line, Text: clipEcho([]byte(f[:echoBytes])),
				Err: fmt.Errorf("field too long: %d bytes (a URL is at most %d)", len(f), MaxLineBytes)}) {
				return false
			}
			continue
		}
		if !r.add(Item{Source: name, Line: line, Text: strings.Clone(f)}) {
			return false
		}
	}
}

// clipEcho makes the start of a long line valid UTF-8 and marks the cut.
func clipEcho(b []byte) string {
	for i := 1; i < utf8.UTFMax && i <= len(b); i++ {
		if utf8.RuneStart(b[len(b)-i]) {
			if !utf8.FullRune(b[len(b)-i:]) {
				b = b[:len(b)-i]
			}
			break
		}
	}
	return strings.ToValidUTF8(string(b), "\uFFFD") + "…"
}

// hookReader calls before ahead of every read and counts bytes.
type hookReader struct {
	r      io.Reader
	before func()
	n      *atomic.Int64
}

func (h *hookReader) Read(p []byte) (int, error) {
	h.before()
	n, err := h.r.Read(p)
	h.n.Add(int64(n))
	return n, err
}
