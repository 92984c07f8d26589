// Package ruletest runs the examples every rule and combination carries:
// each "match" example must produce a finding with the rule's id, each
// "no_match" example must not. The test suite runs it on the built-in rules
// and `scamcheck rules test` on a user folder.
package ruletest

import (
	"slices"

	"context"
	"fmt"
	"github.com/scamcheck/scamcheck/pkg/detect/age"

	"github.com/scamcheck/scamcheck/pkg/input"
	"github.com/scamcheck/scamcheck/pkg/rules"
	"github.com/scamcheck/scamcheck/pkg/scan"
)

// Failure is one example that did not behave as its rule says.
type Failure struct {
	Where   string // file:line of the example
	RuleID  string
	Match   bool // the example should have matched
	Example string
	Got     []string // the ids that fired
}

func (f Failure) String() string {
	if f.Match {
		return fmt.Sprintf("%s: rule %s does not match its example %q (fired: %v)", f.Where, f.RuleID, f.Example, f.Got)
	}
	return fmt.Sprintf("%s: rule %s matches its no_match example %q", f.Where, f.RuleID, f.Example)
}

// Count is how many examples were run.
type Count struct {
	Rules, Examples int
}

// Run checks the examples of the rules and combinations for which keep
// returns true (all when keep is nil).
func Run(ctx context.Context, s *scan.Scanner, keep func(id string) bool) ([]Failure, Count, error) {
	var fails []Failure
	var n Count
	check := func(id, where string, match bool, text string) error {
		// An example that is a raw email (email rules) is read as one.
		res := s.CheckItem(ctx, input.FromBytes("example", []byte(text), int64(len(text))), scan.AsAuto)
		if res.Error != "" {
			return fmt.Errorf("%s: %s", where, res.Error)
		}
		n.Examples++
		var ids []string
		found := false
		for _, r := range res.Reasons {
			ids = append(ids, r.ID)
			if r.ID == id {
				found = true
			}
		}
		if found != match {
			fails = append(fails, Failure{Where: where, RuleID: id, Match: match, Example: text, Got: ids})
		}
		return nil
	}
	set := s.Rules()
	for i := range set.Rules {
		r := &set.Rules[i]
		if keep != nil && !keep(r.ID) {
			continue
		}
		if slices.Contains(age.Signals, r.Signal) {
			// Age rules need registration dates: pkg/detect/age checks
			// their examples against a fixed table of example domains.
			continue
		}
		n.Rules++
		for j, ex := range r.Examples.Match {
			if err := check(r.ID, r.ExampleSource(true, j), true, ex); err != nil {
				return nil, n, err
			}
		}
		for j, ex := range r.Examples.NoMatch {
			if err := check(r.ID, r.ExampleSource(false, j), false, ex); err != nil {
				return nil, n, err
			}
		}
	}
	for _, c := range set.Settings.Combos {
		if keep != nil && !keep(c.ID) {
			continue
		}
		n.Rules++
		for _, ex := range c.Examples.Match {
			if err := check(c.ID, c.Source, true, ex); err != nil {
				return nil, n, err
			}
		}
		for _, ex := range c.Examples.NoMatch {
			if err := check(c.ID, c.Source, false, ex); err != nil {
				return nil, n, err
			}
		}
	}
	return fails, n, nil
}

// Validate reports problems in a loaded set that need a scanner to see:
// rules and combinations without examples.
func Validate(set *rules.Set) []string {
	var out []string
	for _, c := range set.Settings.Combos {
		if len(c.Examples.Match) == 0 || len(c.Examples.NoMatch) == 0 {
			out = append(out, fmt.Sprintf("%s: combination %s needs match and no_match examples", c.Source, c.ID))
		}
	}
	return out
}
