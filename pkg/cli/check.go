package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/scamcheck/scamcheck/pkg/detect"
	"github.com/scamcheck/scamcheck/pkg/detect/age"
	"github.com/scamcheck/scamcheck/pkg/input"
	"github.com/scamcheck/scamcheck/pkg/iostreams"
	"github.com/scamcheck/scamcheck/pkg/report"
	"github.com/scamcheck/scamcheck/pkg/scan"
	"github.com/scamcheck/scamcheck/pkg/verdict"
)

// CheckOptions are the inputs of `scamcheck check`.
type CheckOptions struct {
	IO      *iostreams.IOStreams
	Scanner func() (*scan.Scanner, error)
	NoColor func() bool

	Args    []string // words of the text to check
	Files   []string // -f, "-" is stdin
	Format  string
	FailOn  string
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
says how much was left out.`,
		Example: `  scamcheck check "Your parcel is held at customs, pay 1.99 USD: https://ali-express-delivery.top/pay"
  scamcheck check < message.txt
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

	var items []func() input.Item
	switch {
	case len(opts.Args) > 0:
		items = append(items, func() input.Item { return input.FromArgs(opts.Args) })
	case len(opts.Files) > 0:
		for _, f := range opts.Files {
			if f == "-" {
				items = append(items, func() input.Item { return readStdin(opts) })
				continue
			}
			items = append(items, func() input.Item { return input.FromFile(f, opts.MaxBytes) })
		}
	default:
		items = append(items, func() input.Item { return readStdin(opts) })
	}

	worst, inputErrors := -1, 0
	for _, read := range items {
		if err := ctx.Err(); err != nil {
			return &ExitError{Code: ExitInterrupted, Err: errors.New("interrupted")}
		}
		it := read()
		res := resultFor(ctx, sc, it)
		if res.Error != "" {
			inputErrors++
		} else if res.Verdict.Rank() > worst {
			worst = res.Verdict.Rank()
		}
		if err := rep.Write(res); err != nil {
			return &ExitError{Code: ExitInternal, Err: fmt.Errorf("write report: %w", err)}
		}
	}
	if err := rep.Close(); err != nil {
		return &ExitError{Code: ExitInternal, Err: fmt.Errorf("write report: %w", err)}
	}
	if inputErrors > 0 {
		return &ExitError{Code: ExitInput, Err: fmt.Errorf("%d of %d inputs could not be checked", inputErrors, len(items))}
	}
	return exitFor(worst, failOn)
}

// readStdin reads standard input, telling a terminal user how to finish.
func readStdin(opts *CheckOptions) input.Item {
	if opts.IO.IsStdinTTY() {
		fmt.Fprint(opts.IO.ErrOut, stdinHint)
	}
	return input.FromReader("stdin", opts.IO.In, opts.MaxBytes)
}

// resultFor checks one input, or reports why it could not be read.
func resultFor(ctx context.Context, sc *scan.Scanner, it input.Item) scan.Result {
	if it.Err != nil {
		return scan.ErrorResult(it.Name, detect.KindText, it.Err)
	}
	res, err := sc.CheckText(ctx, it.Name, detect.KindText, it.Text)
	if err != nil {
		return scan.ErrorResult(it.Name, detect.KindText, fmt.Errorf("check failed: %w", err))
	}
	if it.Truncated() {
		res.Truncated = &scan.Truncation{CheckedBytes: it.Checked, TotalBytes: it.Total}
	}
	return res
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
