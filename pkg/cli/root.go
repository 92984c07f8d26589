// Package cli holds scamcheck's commands. Each command is an Options struct,
// a NewCmd function that only parses flags, and a run function that does the
// work, so that tests can call the logic directly.
package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"

	"github.com/spf13/cobra"

	"github.com/scamcheck/scamcheck/pkg/detect/age"
	"github.com/scamcheck/scamcheck/pkg/detect/lookalike"
	"github.com/scamcheck/scamcheck/pkg/detect/phrases"
	"github.com/scamcheck/scamcheck/pkg/iostreams"
	"github.com/scamcheck/scamcheck/pkg/rules"
	"github.com/scamcheck/scamcheck/pkg/scan"
)

// Factory carries what every command needs: the streams and the rule set,
// loaded once per process when a command first asks for it.
type Factory struct {
	IO *iostreams.IOStreams
	// RulesDirs are the user rule folders from --rules, applied in order
	// after the built-in rules and the user config folder.
	RulesDirs []string
	// NoColor is --no-color.
	NoColor bool
	// Loaded, when set, is called once the rules are loaded and compiled
	// (main uses it to end its start-up garbage-collector setting).
	Loaded func()
	// Brands are the --brand domains the lookalike layer protects too.
	Brands []string
	// ConfigDir is the user config folder ("" for none); its rules/
	// subfolder is loaded when it exists.
	ConfigDir string

	// Dates is the age layer's source of registration dates (nil:
	// offline). A command sets it before it first asks for the scanner.
	Dates age.Dates
	// Network lets commands use the network (the domain-age layer). Only
	// the real program sets it; a Factory built by a test stays offline.
	Network bool

	once    sync.Once
	scanner *scan.Scanner
	err     error
}

// Scanner loads the rules (built-in, user config folder, --rules folders)
// and builds the scanner, once.
func (f *Factory) Scanner() (*scan.Scanner, error) {
	f.once.Do(func() {
		set, err := f.loadRules(f.RulesDirs)
		if err != nil {
			f.err = err
			return
		}
		cat, err := f.brands()
		if err != nil {
			f.err = err
			return
		}
		s, err := scan.NewOnline(set, cat, f.Dates)
		if err != nil {
			f.err = invalidRules(err)
			return
		}
		f.scanner = s
		if f.Loaded != nil {
			f.Loaded()
		}
	})
	return f.scanner, f.err
}

// loadRules loads the built-in rules, the user config folder and dirs.
func (f *Factory) loadRules(dirs []string) (*rules.Set, error) {
	sources := []rules.Source{rules.Embedded()}
	if f.ConfigDir != "" {
		d := filepath.Join(f.ConfigDir, "rules")
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			dirs = append([]string{d}, dirs...)
		}
	}
	for _, d := range dirs {
		src, err := rules.Dir(d)
		if err != nil {
			return nil, &ExitError{Code: ExitUsage, Err: err}
		}
		sources = append(sources, src)
	}
	set, err := rules.Load(sources...)
	var le *rules.LoadError
	if errors.As(err, &le) {
		// Add the pattern problems, which compiling finds, to the report.
		if _, perr := phrases.New(set); perr != nil {
			var ple *rules.LoadError
			if errors.As(perr, &ple) {
				le.Problems = append(le.Problems, ple.Problems...)
				le.Sort()
			}
		}
		return nil, invalidRules(le)
	}
	if err != nil {
		return nil, &ExitError{Code: ExitInternal, Err: err}
	}
	return set, nil
}

// brands loads the built-in brands, the brands/*.yaml files of the user
// rule folders and the --brand domains.
func (f *Factory) brands() (*lookalike.Catalog, error) {
	cat, err := lookalike.Default()
	if err != nil {
		return nil, &ExitError{Code: ExitInternal, Err: err}
	}
	dirs := f.RulesDirs
	if f.ConfigDir != "" {
		dirs = append([]string{filepath.Join(f.ConfigDir, "rules")}, dirs...)
	}
	for _, d := range dirs {
		if err := cat.AddDir(os.DirFS(d), d); err != nil {
			return nil, invalidRules(err)
		}
	}
	for _, b := range f.Brands {
		if err := cat.AddDomain(b); err != nil {
			return nil, &ExitError{Code: ExitUsage, Err: err}
		}
	}
	return cat, nil
}

// invalidRules is the exit error for rules with problems.
func invalidRules(err error) error {
	return &ExitError{Code: ExitUsage, Err: fmt.Errorf("rules are not valid:\n%w", err)}
}

// Version returns the version of the binary: the one set at link time, or
// the module version and VCS revision from the build information.
func Version(linked string) string {
	if linked != "" && linked != "dev" {
		return linked
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	v := bi.Main.Version
	if v == "" || v == "(devel)" {
		v = "dev"
	}
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			v += " (" + s.Value[:12] + ")"
		}
	}
	return v
}

// NewRootCmd builds the scamcheck command tree.
func NewRootCmd(f *Factory, version string) *cobra.Command {
	root := &cobra.Command{
		Use:   "scamcheck",
		Short: "Tell whether a message, an email or a link is a scam, and why",
		Long: `scamcheck checks messages, emails and links for the scams that surround online
shopping on AliExpress: fake customs fees, sellers asking to be paid outside the
platform, paid "order boosting" tasks, phishing and lookalike shops. It prints a
verdict (safe, suspicious, scam), a score and every reason with its evidence.
Links are never visited.

Exit codes: 0 safe, 1 suspicious, 2 scam (the worst over all inputs),
64 usage error, 65 unreadable input, 69 network service required but failed,
70 internal error.`,
		Version:       version,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetVersionTemplate("scamcheck {{.Version}}\n")
	root.PersistentFlags().StringArrayVar(&f.RulesDirs, "rules", nil, "add or override rules from this folder of *.yaml files (repeatable)")
	root.PersistentFlags().StringArrayVar(&f.Brands, "brand", nil, "protect this brand domain too, like aliexpress.com, from lookalikes (repeatable)")
	root.PersistentFlags().BoolVar(&f.NoColor, "no-color", false, "never use color (NO_COLOR is honoured too)")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &ExitError{Code: ExitUsage, Err: fmt.Errorf("%w\nRun '%s --help' for usage.", err, c.CommandPath())}
	})
	root.SetIn(f.IO.In)
	root.SetOut(f.IO.Out)
	root.SetErr(f.IO.ErrOut)
	root.AddCommand(NewCmdCheck(f, nil), NewCmdRules(f))
	root.AddCommand(NewCmdURLs(f, nil), NewCmdUpdate(f))
	return root
}

// Execute runs scamcheck with args and returns the process exit code.
func Execute(ctx context.Context, f *Factory, version string, args []string) int {
	root := NewRootCmd(f, version)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	var ee *ExitError
	if errors.As(err, &ee) {
		if ee.Err != nil {
			fmt.Fprintf(f.IO.ErrOut, "scamcheck: %v\n", ee.Err)
		}
		return ee.Code
	}
	// Errors from cobra itself (unknown command, bad arguments) are usage
	// errors.
	fmt.Fprintf(f.IO.ErrOut, "scamcheck: %v\nRun 'scamcheck --help' for usage.\n", err)
	return ExitUsage
}

// setDates is the SetDates of the commands: nil unless Network is set.
func (f *Factory) setDates() func(age.Dates) {
	if !f.Network {
		return nil
	}
	return func(d age.Dates) { f.Dates = d }
}
