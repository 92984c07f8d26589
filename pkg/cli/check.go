package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/scamcheck/scamcheck/pkg/detect/age"
	"github.com/scamcheck/scamcheck/pkg/email"
	"github.com/scamcheck/scamcheck/pkg/input"
	"github.com/scamcheck/scamcheck/pkg/iostreams"
	"github.com/scamcheck/scamcheck/pkg/mailbox"
	"github.com/scamcheck/scamcheck/pkg/report"
	"github.com/scamcheck/scamcheck/pkg/scan"
	"github.com/scamcheck/scamcheck/pkg/verdict"
)

// CheckOptions are the inputs of `scamcheck check`.
type CheckOptions struct {
	IO      *iostreams.IOStreams
	Scanner func() (*scan.Scanner, error)
	NoColor func() bool

	Args   []string // words of the text to check
	Files  []string // -f, "-" is stdin
	Format string
	FailOn string
	// As is --as: auto, text or email.
	As      string
	Offline bool
	// Net are the domain-age flags; Jobs bounds the lookups running at once.
	Net  NetFlags
	Jobs int
	// SetDates gives the scanner its source of registration dates; it
	// must be called before Scanner.
	SetDates func(age.Dates)
	// Warn prints a warning on stderr.
	Warn func(string)
	// MaxBytes caps each input; input.MaxBytes unless a test sets less.
	MaxBytes int64
}

// NewCmdCheck builds `scamcheck check`. runF replaces the run function in
// tests of flag parsing.
func NewCmdCheck(f *Factory, runF func(context.Context, *CheckOptions) error) *cobra.Command {
	opts := &CheckOptions{IO: f.IO, Scanner: f.Scanner, NoColor: func() bool { return f.NoColor }, MaxBytes: input.MaxBytes,
		SetDates: f.setDates(), Warn: f.warn}
	cmd := &cobra.Command{
		Use:   "check [text...]",
		Short: "Check a message, an email or a file for scam signs",
		Long: `Check a text for scam signs and print the verdict with its reasons.

The text comes from the arguments (joined by spaces), from -f FILE (repeatable;
"-" is standard input) or, with neither, from standard input. Each input gets
its own result. Inputs over 10 MiB are checked up to that limit and the report
says how much was left out.

A raw email (RFC 5322: a header block at the top, as in an .eml file) is
detected and read the way a mail client shows it: sender and reply headers,
authentication results, the visible text of its HTML, every link with the
text shown for it, forms and attachments. --as email forces this, --as text
turns it off. An mbox file (or mbox on standard input) and a folder (Maildir
or a folder of message files) give one result per message, named by the
file and the message's position ("inbox.mbox#3").`,
		Example: `  scamcheck check "Your parcel is held at customs, pay 1.99 USD: https://ali-express-delivery.top/pay"
  scamcheck check < message.txt
  scamcheck check < suspicious.eml
  scamcheck check -f inbox.mbox -f ~/Maildir/.Spam --format ndjson
  scamcheck check -f chat1.txt -f chat2.txt --format ndjson`,
		RunE: func(c *cobra.Command, args []string) error {
			opts.Args = args
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return checkRun(c.Context(), opts)
		},
	}
	cmd.Flags().StringArrayVarP(&opts.Files, "file", "f", nil, "check this file (repeatable; - for standard input)")
	cmd.Flags().StringVar(&opts.Format, "format", "text", "output format: text, json or ndjson")
	cmd.Flags().StringVar(&opts.As, "as", "auto", "read inputs as: auto (a raw email is detected), text or email")
	cmd.Flags().StringVar(&opts.FailOn, "fail-on", "suspicious", "lowest verdict that makes the exit code non-zero: suspicious, scam or never")
	cmd.Flags().BoolVar(&opts.Offline, "offline", false, "never use the network: skip the domain-age layer (RDAP/WHOIS)")
	cmd.Flags().IntVar(&opts.Jobs, "jobs", 4, "domain-age lookups run at once")
	addNetFlags(cmd, &opts.Net)
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"text", "json", "ndjson"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("fail-on", cobra.FixedCompletions([]string{"suspicious", "scam", "never"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// stdinHint is printed on stderr before reading a terminal.
const stdinHint = "Paste or type the message, then press Ctrl-D on an empty line to check it (Ctrl-C cancels).\n"

// checkRun checks every input and exits with the worst verdict.
func checkRun(ctx context.Context, opts *CheckOptions) error {
	failOn, err := parseFailOn(opts.FailOn)
	if err != nil {
		return err
	}
	rep, err := report.New(opts.Format, opts.IO.Out, opts.IO.ColorEnabled(opts.NoColor()))
	if err != nil {
		return usageErr("%v", err)
	}
	if len(opts.Args) > 0 && len(opts.Files) > 0 {
		return usageErr("give the text as arguments or with -f, not both")
	}
	stdinUses := 0
	for _, f := range opts.Files {
		if f == "-" {
			stdinUses++
		}
	}
	if stdinUses > 1 {
		return usageErr("standard input (-f -) can be read only once")
	}
	if opts.Jobs < 0 {
		return usageErr("--jobs %d: want a positive number", opts.Jobs)
	}
	if opts.Jobs == 0 {
		opts.Jobs = 4
	}
	opts.Net.Offline = opts.Offline
	if opts.SetDates == nil {
		opts.Net.Offline = true
	}
	lk, err := opts.Net.lookup(opts.Jobs, opts.Warn)
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

	as, err := scan.ParseAs(opts.As)
	if err != nil {
		return usageErr("%v", err)
	}

	var sources []iter.Seq[input.Item]
	switch {
	case len(opts.Args) > 0:
		sources = append(sources, one(func() input.Item { return input.FromArgs(opts.Args) }))
	case len(opts.Files) > 0:
		for _, f := range opts.Files {
			if f == "-" {
				sources = append(sources, stdinItems(opts, as))
				continue
			}
			sources = append(sources, fileItems(f, opts.MaxBytes, as))
		}
	default:
		sources = append(sources, stdinItems(opts, as))
	}

	worst, inputErrors, inputs := -1, 0, 0
	for _, src := range sources {
		for it := range src {
			if err := ctx.Err(); err != nil {
				return &ExitError{Code: ExitInterrupted, Err: errors.New("interrupted")}
			}
			inputs++
			res := sc.CheckItem(ctx, it, as)
			if res.Error != "" {
				inputErrors++
			} else if res.Verdict.Rank() > worst {
				worst = res.Verdict.Rank()
			}
			if err := rep.Write(res); err != nil {
				return &ExitError{Code: ExitInternal, Err: fmt.Errorf("write report: %w", err)}
			}
		}
	}
	if err := rep.Close(); err != nil {
		return &ExitError{Code: ExitInternal, Err: fmt.Errorf("write report: %w", err)}
	}
	if inputErrors > 0 {
		return &ExitError{Code: ExitInput, Err: fmt.Errorf("%d of %d inputs could not be checked", inputErrors, inputs)}
	}
	return exitFor(worst, failOn)
}

// one makes a sequence of a single input.
func one(read func() input.Item) iter.Seq[input.Item] {
	return func(yield func(input.Item) bool) { yield(read()) }
}

// fileItems reads the inputs of one -f path: a file (one input, or one per
// message when it is an mbox), or a folder of messages (Maildir or plain).
func fileItems(path string, max int64, as scan.As) iter.Seq[input.Item] {
	return func(yield func(input.Item) bool) {
		st, err := os.Stat(path)
		if err == nil && st.IsDir() {
			// A folder: each file may be one message or an mbox of many
			// (Thunderbird keeps mbox files in folders).
			files, err := mailbox.Files(path)
			if err != nil {
				yield(input.Item{Name: path, Err: err})
				return
			}
			for _, file := range files {
				if !fileInputs(file, max, as, yield) {
					return
				}
			}
			return
		}
		fileInputs(path, max, as, yield)
	}
}

// fileInputs yields the inputs of one file; false when the consumer
// stopped.
func fileInputs(path string, max int64, as scan.As, yield func(input.Item) bool) bool {
	f, err := os.Open(path)
	if err != nil {
		return yield(input.FromFile(path, max))
	}
	defer f.Close()
	goOn := true
	readerItems(path, f, max, as)(func(it input.Item) bool {
		goOn = yield(it)
		return goOn
	})
	return goOn
}

// stdinItems reads standard input: one input, or one per message of an
// mbox.
func stdinItems(opts *CheckOptions, as scan.As) iter.Seq[input.Item] {
	return func(yield func(input.Item) bool) {
		if opts.IO.IsStdinTTY() {
			fmt.Fprint(opts.IO.ErrOut, stdinHint)
		}
		readerItems("stdin", opts.IO.In, opts.MaxBytes, as)(yield)
	}
}

// readerItems reads r as one input, or as an mbox when it starts like one
// (unless the input is to be read as text).
func readerItems(name string, r io.Reader, max int64, as scan.As) iter.Seq[input.Item] {
	return func(yield func(input.Item) bool) {
		br := bufio.NewReaderSize(r, 64<<10)
		head, _ := br.Peek(64 << 10)
		if as != scan.AsText && email.IsMbox(head) {
			for m := range mailbox.Mbox(name, br, max) {
				if !yield(mailItem(m)) {
					return
				}
			}
			return
		}
		yield(input.FromReader(name, br, max))
	}
}

// mailItem makes the input of one mailbox message.
func mailItem(m mailbox.Message) input.Item {
	if m.Err != nil {
		return input.Item{Name: m.Name, Err: m.Err}
	}
	return input.FromBytes(m.Name, m.Raw, m.Total)
}

// parseFailOn reads --fail-on: the lowest verdict rank that fails, or -1
// for never.
func parseFailOn(s string) (int, error) {
	if strings.EqualFold(s, "never") {
		return -1, nil
	}
	v, err := verdict.Parse(strings.ToLower(s))
	if err != nil || v == verdict.Safe {
		return 0, usageErr("--fail-on %q: want suspicious, scam or never", s)
	}
	return v.Rank(), nil
}

// exitFor returns the exit error for the worst verdict rank (-1 when no
// input was checked) under --fail-on.
func exitFor(worst, failOn int) error {
	if worst <= 0 || failOn < 0 || worst < failOn {
		return nil
	}
	return &ExitError{Code: worst}
}
