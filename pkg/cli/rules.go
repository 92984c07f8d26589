package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/scamcheck/scamcheck/pkg/rules"
	"github.com/scamcheck/scamcheck/pkg/ruletest"
	"github.com/scamcheck/scamcheck/pkg/scan"
)

// NewCmdRules builds `scamcheck rules` and its subcommands.
func NewCmdRules(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "List the detection rules, or test a folder of rules",
	}
	cmd.AddCommand(newCmdRulesList(f), newCmdRulesTest(f))
	return cmd
}

func newCmdRulesList(f *Factory) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "Print every rule: id, layer, points, languages",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			sc, err := f.Scanner()
			if err != nil {
				return err
			}
			return rulesList(f, sc.Rules(), format)
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

// ruleRow is one line of `rules list --format json`.
type ruleRow struct {
	ID        string   `json:"id"`
	Layer     string   `json:"layer"`
	Points    int      `json:"points"`
	Languages []string `json:"languages"`
	Kind      string   `json:"kind"`
	Message   string   `json:"message"`
	Source    string   `json:"source"`
}

func rulesList(f *Factory, set *rules.Set, format string) error {
	var rows []ruleRow
	for _, r := range set.Rules {
		kind := "phrases"
		if r.Signal != "" {
			kind = "signal:" + r.Signal
		}
		src := r.Source
		if src == "" {
			src = "built-in"
		}
		rows = append(rows, ruleRow{r.ID, r.Layer, r.Points, r.Languages, kind, r.Message, src})
	}
	for _, c := range set.Settings.Combos {
		rows = append(rows, ruleRow{c.ID, "combination", c.Points, []string{"any"}, "combination", c.Message, c.Source})
	}
	switch format {
	case "json":
		enc := json.NewEncoder(f.IO.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
	case "text":
		tw := tabwriter.NewWriter(f.IO.Out, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tLAYER\tPOINTS\tLANGUAGES")
		for _, r := range rows {
			fmt.Fprintf(tw, "%s\t%s\t%d\t%s\n", r.ID, r.Layer, r.Points, strings.Join(r.Languages, ","))
		}
		return tw.Flush()
	}
	return usageErr("unknown format %q (want text or json)", format)
}

func newCmdRulesTest(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "test DIR",
		Short: "Validate a folder of rules and run its examples",
		Long: `Load the built-in rules plus the rules in DIR, report every problem as
file:line: message, then run the match and no_match examples of every rule
defined in DIR. Exit 0 when all is well, 64 when the folder is not valid,
1 when an example does not behave as its rule says.`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return rulesTest(c.Context(), f, args[0])
		},
	}
}

func rulesTest(ctx context.Context, f *Factory, dir string) error {
	set, err := f.loadRules(append(append([]string{}, f.RulesDirs...), dir))
	if err != nil {
		return err
	}
	sc, err := scan.New(set)
	if err != nil {
		return invalidRules(err)
	}
	var problems []string
	prefix := strings.TrimSuffix(filepath.ToSlash(dir), "/") + "/"
	inDir := func(src string) bool { return strings.HasPrefix(src, prefix) }
	for _, p := range ruletest.Validate(set) {
		if inDir(p) {
			problems = append(problems, p)
		}
	}
	if len(problems) > 0 {
		return &ExitError{Code: ExitUsage, Err: errors.New(strings.Join(problems, "\n"))}
	}
	keep := func(id string) bool {
		if r, ok := set.Rule(id); ok {
			return inDir(r.Source)
		}
		for _, c := range set.Settings.Combos {
			if c.ID == id {
				return inDir(c.Source)
			}
		}
		return false
	}
	fails, n, err := ruletest.Run(ctx, sc, keep)
	if err != nil {
		return &ExitError{Code: ExitInternal, Err: err}
	}
	for _, fl := range fails {
		fmt.Fprintln(f.IO.Out, fl.String())
	}
	fmt.Fprintf(f.IO.Out, "%d rules, %d examples, %d failed\n", n.Rules, n.Examples, len(fails))
	if len(fails) > 0 {
		return &ExitError{Code: 1}
	}
	return nil
}
