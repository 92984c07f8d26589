package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/scamcheck/scamcheck/pkg/detect/age"
	"github.com/scamcheck/scamcheck/pkg/iostreams"
	"github.com/scamcheck/scamcheck/pkg/report"
	"github.com/scamcheck/scamcheck/pkg/scan"
	"github.com/scamcheck/scamcheck/pkg/urlscan"
	"github.com/scamcheck/scamcheck/pkg/verdict"
)

// URLsOptions are the inputs of `scamcheck urls`.
type URLsOptions struct {
	IO      *iostreams.IOStreams
	Scanner func() (*scan.Scanner, error)
	NoColor func() bool

	Args    []string // URLs or domains, one per argument
	Files   []string // -f, "-" is stdin
	Column  string   // --column N|NAME: CSV input
	Format  string   // "" picks text on a terminal, ndjson otherwise
	Only    string
	FailOn  string
	Jobs    int
	Quiet   bool
	Offline bool
	// Net are the domain-age flags; SetDates gives the scanner its
	// source of registration dates before Scanner is called.
	Net      NetFlags
	SetDates func(age.Dates)
	Warn     func(string)
	// Window is the ordering window (urlscan.DefaultWindow unless a test
	// sets it).
	Window int
	// ProgressAfter is how many lines make an input "longer than a screen".
	ProgressAfter int
}

// NewCmdURLs builds `scamcheck urls`. runF replaces the run function in
// tests of flag parsing.
func NewCmdURLs(f *Factory, runF func(context.Context, *URLsOptions) error) *cobra.Command {
	opts := &URLsOptions{IO: f.IO, Scanner: f.Scanner, NoColor: func() bool { return f.NoColor }, ProgressAfter: 50,
		SetDates: f.setDates(), Warn: f.warn}
	cmd := &cobra.Command{
		Use:   "urls [URL|domain...]",
		Short: "Scan lists of URLs and domains, one verdict per line, streaming",
		Long: `Scan URLs and bare domains, one per line, and print one record per line in
input order, as soon as it is known.

The lines come from the arguments (one URL or domain each), from -f FILE
(repeatable; "-" is standard input) or, with neither, from standard input
when it is not a terminal. Surrounding white space is trimmed, blank lines and
lines starting with # are skipped, a UTF-8 byte order mark and Windows line
endings are accepted. With --column the input is CSV and that column (a
1-based number or a header name) holds the URLs. A line that is not a URL or
domain gets a record with "error" and the scan goes on.

Only the link layers run: the signals in the link itself (IP host, userinfo,
shortener, risky TLD, port, login path) and lookalike domains. Domain-level
work is done once per registrable domain per run. Links are never visited.

Formats: ndjson (the default when standard output is not a terminal), json (one
array), csv (a header row, then stable columns), text (an aligned table, the
default on a terminal). A summary goes to standard error at the end, and a
progress bar while a long input is read when standard error is a terminal and
standard output is not (neither with --quiet).

Exit codes: the worst verdict (0 safe, 1 suspicious, 2 scam) as --fail-on
decides; 64 usage error; 65 an input file could not be read (the others are
still scanned); 130 interrupted.`,
		Example: `  scamcheck urls aliexpres.com https://aliexpress.com/item/1.html
  scamcheck urls -f reported.txt --format csv > verdicts.csv
  cat links.txt | scamcheck urls --only scam | jq -r .url
  scamcheck urls -f export.csv --column url --fail-on scam`,
		RunE: func(c *cobra.Command, args []string) error {
			opts.Args = args
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return urlsRun(c.Context(), opts)
		},
	}
	cmd.Flags().StringArrayVarP(&opts.Files, "file", "f", nil, "read URLs from this file, one per line (repeatable; - for standard input)")
	cmd.Flags().StringVar(&opts.Column, "column", "", "the input is CSV: take the URL from this column (1-based number or header name)")
	cmd.Flags().StringVar(&opts.Format, "format", "", "output format: ndjson, json, csv or text (default text on a terminal, ndjson otherwise)")
	cmd.Flags().StringVar(&opts.Only, "only", "", "print only records at or above this verdict: suspicious or scam")
	cmd.Flags().StringVar(&opts.FailOn, "fail-on", "suspicious", "lowest verdict that makes the exit code non-zero: suspicious, scam or never")
	cmd.Flags().IntVar(&opts.Jobs, "jobs", 0, "lines judged in parallel (default: the number of CPUs); also bounds domain-age lookups")
	cmd.Flags().BoolVarP(&opts.Quiet, "quiet", "q", false, "no progress bar and no summary on standard error")
	cmd.Flags().BoolVar(&opts.Offline, "offline", false, "never use the network: skip the domain-age layer (RDAP/WHOIS)")
	addNetFlags(cmd, &opts.Net)
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(report.URLFormats, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("only", cobra.FixedCompletions([]string{"suspicious", "scam"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("fail-on", cobra.FixedCompletions([]string{"suspicious", "scam", "never"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// urlsRun scans the lines and exits with the worst verdict.
func urlsRun(ctx context.Context, opts *URLsOptions) error {
	failOn, err := parseFailOn(opts.FailOn)
	if err != nil {
		return err
	}
	only := -1
	if opts.Only != "" {
		v, err := verdict.Parse(strings.ToLower(opts.Only))
		if err != nil || v == verdict.Safe {
			return usageErr("--only %q: want suspicious or scam", opts.Only)
		}
		only = v.Rank()
	}
	if opts.Jobs < 0 {
		return usageErr("--jobs %d: want a positive number", opts.Jobs)
	}
	if opts.Column != "" {
		if err := urlscan.ParseColumn(opts.Column); err != nil {
			return usageErr("--column: %v", err)
		}
	}
	format := opts.Format
	if format == "" {
		format = "ndjson"
		if opts.IO.IsStdoutTTY() {
			format = "text"
		}
	}
	out := bufio.NewWriterSize(opts.IO.Out, 64<<10)
	rep, err := report.NewURLs(format, out, opts.IO.ColorEnabled(opts.NoColor()))
	if err != nil {
		return usageErr("%v", err)
	}
	sources, err := urlSources(opts)
	if err != nil {
		return err
	}
	opts.Net.Offline = opts.Offline
	jobs := opts.Jobs
	if jobs == 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	if opts.SetDates == nil {
		opts.Net.Offline = true
	}
	lk, err := opts.Net.lookup(jobs, opts.Warn)
	if err != nil {
		return err
	}
	if lk != nil && opts.SetDates != nil {
		opts.SetDates(lk)
	}
	sc, err := opts.Scanner()
	if err != nil {
		return err
	}
	judge := urlscan.NewScannerJudge(sc)

	var bar *progressbar.ProgressBar
	showBar := !opts.Quiet && opts.IO.IsStderrTTY() && !opts.IO.IsStdoutTTY()
	progress := func(lines int, read int64) {
		if !showBar || (bar == nil && lines <= opts.ProgressAfter) {
			return
		}
		if bar == nil {
			bar = newURLsBar(opts.IO.ErrOut, totalSize(opts.Files))
		}
		if bar.GetMax64() > 0 {
			_ = bar.Set64(read)
		} else {
			_ = bar.Set(lines)
		}
	}
	emit := func(r *scan.URLRecord) error {
		if only >= 0 && (r.Error != "" || r.Verdict.Rank() < only) {
			return nil
		}
		return rep.Write(r)
	}
	st, err := urlscan.Run(ctx, sources, urlscan.Options{
		Jobs: opts.Jobs, Window: opts.Window, Column: opts.Column,
		Judge: judge.Judge, Emit: emit, Flush: out.Flush,
		Progress: progress,
	})
	if bar != nil {
		_ = bar.Finish()
	}
	if err == nil {
		err = rep.Close()
	}
	if err == nil {
		err = out.Flush()
	}
	if err != nil {
		if errors.Is(err, ctx.Err()) || ctx.Err() != nil {
			st.Interrupted = true
		} else {
			return &ExitError{Code: ExitInternal, Err: fmt.Errorf("write records: %w", err)}
		}
	}
	if !opts.Quiet {
		made, cached := judge.Lookups()
		fmt.Fprintln(opts.IO.ErrOut, urlsSummary(st, made, cached))
	}
	for _, e := range st.SourceErrors {
		fmt.Fprintf(opts.IO.ErrOut, "scamcheck: %v\n", e)
	}
	switch {
	case st.Interrupted:
		return &ExitError{Code: ExitInterrupted, Err: errors.New("interrupted")}
	case len(st.SourceErrors) > 0:
		return &ExitError{Code: ExitInput, Err: fmt.Errorf("%d input(s) could not be read", len(st.SourceErrors))}
	}
	return exitFor(st.Worst, failOn)
}

// newURLsBar is the progress bar on stderr: by bytes with an ETA when the
// size of the input is known (total > 0), else a count of lines with the
// rate.
func newURLsBar(w io.Writer, total int64) *progressbar.ProgressBar {
	common := []progressbar.Option{
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("scanning"),
		progressbar.OptionThrottle(100 * time.Millisecond),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionSetElapsedTime(true),
	}
	if total > 0 {
		return progressbar.NewOptions64(total, append(common,
			progressbar.OptionShowBytes(true), progressbar.OptionSetPredictTime(true))...)
	}
	return progressbar.NewOptions64(-1, append(common,
		progressbar.OptionSetItsString("lines"), progressbar.OptionShowIts(), progressbar.OptionShowCount())...)
}

// urlSources lists the inputs: arguments, files, or standard input.
func urlSources(opts *URLsOptions) ([]urlscan.Source, error) {
	var sources []urlscan.Source
	if len(opts.Args) > 0 {
		if len(opts.Files) > 0 {
			return nil, usageErr("give the URLs as arguments or with -f, not both")
		}
		if opts.Column != "" {
			return nil, usageErr("--column applies to files and standard input, not to arguments")
		}
		return []urlscan.Source{{Name: "argument", Args: opts.Args}}, nil
	}
	stdin := urlscan.Source{Name: "stdin", Open: func() (io.ReadCloser, error) { return io.NopCloser(opts.IO.In), nil }}
	if len(opts.Files) == 0 {
		if opts.IO.IsStdinTTY() {
			return nil, usageErr("give URLs as arguments, with -f FILE, or on standard input\nRun 'scamcheck urls --help' for usage.")
		}
		return []urlscan.Source{stdin}, nil
	}
	stdinUses := 0
	for _, f := range opts.Files {
		if f == "-" {
			stdinUses++
			sources = append(sources, stdin)
			continue
		}
		sources = append(sources, urlscan.Source{Name: f, Open: func() (io.ReadCloser, error) {
			fh, err := os.Open(f)
			if err != nil {
				return nil, fmt.Errorf("open %s: %w", f, unwrapPathErr(err))
			}
			if st, err := fh.Stat(); err == nil && st.IsDir() {
				fh.Close()
				return nil, fmt.Errorf("read %s: is a directory", f)
			}
			return fh, nil
		}})
	}
	if stdinUses > 1 {
		return nil, usageErr("standard input (-f -) can be read only once")
	}
	return sources, nil
}

// unwrapPathErr drops the *PathError wrapper, whose text repeats the path.
func unwrapPathErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// totalSize is the size of the input files when every one is a regular
// file, else 0.
func totalSize(files []string) int64 {
	var n int64
	for _, f := range files {
		st, err := os.Stat(f)
		if f == "-" || err != nil || !st.Mode().IsRegular() {
			return 0
		}
		n += st.Size()
	}
	return n
}

// urlsSummary is the line printed on stderr at the end of a run.
func urlsSummary(st urlscan.Stats, made, cached int64) string {
	var b strings.Builder
	if st.Interrupted {
		b.WriteString("interrupted: ")
	}
	secs := st.Elapsed.Seconds()
	rate := ""
	if secs > 0 && st.Lines > 0 {
		rate = fmt.Sprintf(", %.0f lines/s", float64(st.Lines)/secs)
	}
	fmt.Fprintf(&b, "%d lines in %s%s: %d safe, %d suspicious, %d scam, %d bad lines",
		st.Lines, st.Elapsed.Round(time.Millisecond), rate, st.Safe, st.Suspicious, st.Scam, st.BadLines)
	if len(st.SourceErrors) > 0 {
		fmt.Fprintf(&b, ", %d unreadable inputs", len(st.SourceErrors))
	}
	fmt.Fprintf(&b, "; domain lookups: %d made, %d cached", made, cached)
	if st.Overtaken > 0 {
		fmt.Fprintf(&b, "; %d records written out of order (late lines)", st.Overtaken)
	}
	return b.String()
}
