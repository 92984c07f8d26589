// Package rules defines scamcheck's detection knowledge as data, loads it
// from YAML (the embedded defaults in the top-level rules/ folder, then
// optional user folders that add or override rules by id) and validates it
// with file:line errors.
//
// # Files
//
// A folder holds any number of *.yaml files. A file is either a rule file:
//
//	layer: payment                 # the layer every rule of the file belongs to
//	rules:
//	  - id: payment.western-union  # unique; "<layer>.<name>"
//	    points: 30                 # what a match adds to the score (-100..100; negative is a credit)
//	    languages: [en, es]        # languages the patterns cover ("any" for none in particular)
//	    message: Asks you to pay by Western Union, outside AliExpress.
//	    patterns: ["western union"]  # see package phrase for the syntax
//	    except: ["never ... western union"]
//	    requires: [money]          # all of: url, money, wallet, phone, handle
//	    near: {rules: [pressure.deadline], words: 30}
//	    examples:
//	      match: ["Pay by Western Union today"]
//	      no_match: ["Western Union branch opening hours"]
//
// a signal rule (its evidence comes from a detector in code, its weight and
// message from here):
//
//   - id: url.ip-host
//     signal: ip-host
//     points: 15
//
// or the verdict file, verdict.yaml (thresholds, layers with caps and advice,
// and combinations; see Settings).
//
// A user folder may also disable a rule: `- {id: payment.crypto, disabled: true}`.
package rules

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// Rule is one piece of detection knowledge.
type Rule struct {
	ID        string   `yaml:"id"`
	Layer     string   `yaml:"layer"`
	Points    int      `yaml:"points"`
	Languages []string `yaml:"languages"`
	Message   string   `yaml:"message"`
	Patterns  []string `yaml:"patterns"`
	Except    []string `yaml:"except"`
	Signal    string   `yaml:"signal"`
	Requires  []string `yaml:"requires"`
	Near      *Near    `yaml:"near"`
	Examples  Examples `yaml:"examples"`
	Disabled  bool     `yaml:"disabled"`

	// Data for signal rules: registrable domains the signal is about (a
	// list of URL shorteners, of free mail providers), top-level domains,
	// words in a link's path, domains the rule never flags, and file
	// name extensions (risky attachments).
	Domains     []string `yaml:"domains"`
	TLDs        []string `yaml:"tlds"`
	PathWords   []string `yaml:"path_words"`
	SkipDomains []string `yaml:"skip_domains"`
	Extensions  []string `yaml:"extensions"`

	// Source is where the rule was defined: "payment.yaml:12", or the
	// file in a user folder.
	Source string `yaml:"-"`

	matchLines, noMatchLines []int // line of each example
	patLines, excLines       []int // line of each pattern and except pattern
}

// Near requires a match of one of Rules within Words words of this rule's
// match.
type Near struct {
	Rules []string `yaml:"rules"`
	Words int      `yaml:"words"`
}

// Examples are texts a rule must fire on (Match) and must stay quiet on
// (NoMatch); the test suite and `scamcheck rules test` check them.
type Examples struct {
	Match   []string `yaml:"match"`
	NoMatch []string `yaml:"no_match"`
}

// Combo adds points when several layers fire together.
type Combo struct {
	ID       string   `yaml:"id"`
	Points   int      `yaml:"points"`
	Message  string   `yaml:"message"`
	Layers   []string `yaml:"layers"`    // every one of these layers has a finding
	AnyOf    []string `yaml:"any_of"`    // and at least one of these layers has one
	Features []string `yaml:"features"`  // and every one of these features is in the text
	RulesAny []string `yaml:"rules_any"` // and, when set, at least one of these rules fired
	Unless   []string `yaml:"unless"`    // and none of these rules fired (a credit that clears the pattern)
	Examples Examples `yaml:"examples"`

	// Source is where the combination was defined.
	Source string `yaml:"-"`
}

// Layer describes one detection layer.
type Layer struct {
	Name   string `yaml:"name"`   // human name, "Off-platform payment"
	Cap    int    `yaml:"cap"`    // the most points the layer adds
	Advice string `yaml:"advice"` // what to do when the layer fires
}

// Thresholds turn a score into a verdict: at least Suspicious is
// suspicious, at least Scam is a scam.
type Thresholds struct {
	Suspicious int `yaml:"suspicious"`
	Scam       int `yaml:"scam"`
}

// Settings are the verdict parameters from verdict.yaml.
type Settings struct {
	Thresholds Thresholds        `yaml:"thresholds"`
	Layers     map[string]Layer  `yaml:"layers"`
	Combos     []Combo           `yaml:"combos"`
	Advice     map[string]string `yaml:"advice"` // per verdict: safe, suspicious, scam
}

// Set is a validated, merged collection of rules and settings.
// A Set is immutable after Load and safe for concurrent reads.
type Set struct {
	Rules    []Rule // enabled rules, sorted by id
	Settings Settings
}

// Features a rule may require; they name what extraction finds in a text.
var Features = []string{"url", "money", "wallet", "phone", "handle"}

// Languages a rule may declare.
var Languages = []string{"any", "en", "es", "pt", "fr", "ru", "de", "it", "pl", "nl", "tr", "ar", "zh", "ja", "ko", "id", "ms", "hi", "tl", "vi", "th", "uk", "ro", "cs", "el", "fa", "ur", "bn", "sw"}

var idRe = regexp.MustCompile(`^[a-z0-9]+(\.[a-z0-9][a-z0-9-]*)+$`)

// Rule returns the rule with id, if any.
func (s *Set) Rule(id string) (Rule, bool) {
	i := sort.Search(len(s.Rules), func(i int) bool { return s.Rules[i].ID >= id })
	if i < len(s.Rules) && s.Rules[i].ID == id {
		return s.Rules[i], true
	}
	return Rule{}, false
}

// LayerNames returns the configured layer names, sorted.
func (s *Set) LayerNames() []string {
	names := make([]string, 0, len(s.Settings.Layers))
	for n := range s.Settings.Layers {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// validateRule checks one rule in isolation. Pattern syntax is checked when
// the phrase detector compiles the rules (see package phrases), so that
// patterns are parsed once per process.
func validateRule(r *Rule, layers map[string]Layer) []string {
	var errs []string
	if !idRe.MatchString(r.ID) {
		errs = append(errs, fmt.Sprintf("rule id %q: want lowercase words joined by dots, like %q", r.ID, "payment.western-union"))
	}
	if r.Disabled {
		return errs
	}
	if _, ok := layers[r.Layer]; !ok {
		errs = append(errs, fmt.Sprintf("rule %s: unknown layer %q (layers are declared in verdict.yaml)", r.ID, r.Layer))
	} else if !strings.HasPrefix(r.ID, r.Layer+".") && !strings.HasPrefix(r.ID, "user.") {
		errs = append(errs, fmt.Sprintf("rule %s: id must start with its layer %q", r.ID, r.Layer+"."))
	}
	if r.Points < -100 || r.Points > 100 {
		errs = append(errs, fmt.Sprintf("rule %s: points %d out of range -100..100", r.ID, r.Points))
	}
	if strings.TrimSpace(r.Message) == "" {
		errs = append(errs, fmt.Sprintf("rule %s: message is empty", r.ID))
	}
	switch {
	case r.Signal == "" && len(r.Patterns) == 0:
		errs = append(errs, fmt.Sprintf("rule %s: needs patterns or a signal", r.ID))
	case r.Signal != "" && len(r.Patterns) > 0:
		errs = append(errs, fmt.Sprintf("rule %s: has both patterns and a signal", r.ID))
	}
	if len(r.Languages) == 0 {
		errs = append(errs, fmt.Sprintf("rule %s: languages is empty (use [any] for a rule without words)", r.ID))
	}
	for _, l := range r.Languages {
		if !slices.Contains(Languages, l) {
			errs = append(errs, fmt.Sprintf("rule %s: unknown language %q", r.ID, l))
		}
	}
	for _, f := range r.Requires {
		if !slices.Contains(Features, f) {
			errs = append(errs, fmt.Sprintf("rule %s: requires unknown feature %q (known: %s)", r.ID, f, strings.Join(Features, ", ")))
		}
	}
	if r.Near != nil {
		if len(r.Near.Rules) == 0 {
			errs = append(errs, fmt.Sprintf("rule %s: near lists no rules", r.ID))
		}
		if r.Near.Words <= 0 {
			errs = append(errs, fmt.Sprintf("rule %s: near needs words > 0", r.ID))
		}
	}
	if len(r.Examples.Match) == 0 {
		errs = append(errs, fmt.Sprintf("rule %s: needs at least one example that matches", r.ID))
	}
	if len(r.Examples.NoMatch) == 0 {
		errs = append(errs, fmt.Sprintf("rule %s: needs at least one example that does not match", r.ID))
	}
	return errs
}
