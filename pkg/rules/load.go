package rules

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	rulesdata "github.com/scamcheck/scamcheck/rules"
)

// Source is a folder of rule files: the embedded defaults or a user folder.
type Source struct {
	// Name prefixes file names in errors and in Rule.Source: "" for the
	// embedded rules, the folder path for a user folder.
	Name string
	FS   fs.FS
}

// Problem is one thing wrong in a rules folder.
type Problem struct {
	File string // file name, with the source folder when there is one
	Line int    // 1-based; 0 when unknown
	Msg  string
}

func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	}
	return fmt.Sprintf("%s: %s", p.File, p.Msg)
}

// LoadError lists every problem found while loading rules.
type LoadError struct {
	Problems []Problem
}

func (e *LoadError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// exampleLines gives the line of each example of a rule, for error reports.
type exampleLines struct {
	match, noMatch []int
}

// loaded is a rule or combination with where it came from.
type loaded struct {
	rule     Rule
	file     string
	line     int
	patLines []int
	excLines []int
	exLines  exampleLines
}

// loader accumulates sources; Load merges them in order.
type loader struct {
	rules    map[string]*loaded
	settings Settings
	combos   map[string]Combo
	problems []Problem
}

// Load reads the sources in order; a later source adds rules, replaces
// rules with the same id, or disables them, and overrides settings. It
// returns every problem at once as a *LoadError, together with the rules
// that could be read, so that callers can add the problems only compiling
// finds (pattern syntax) to the same report.
func Load(sources ...Source) (*Set, error) {
	l := &loader{rules: make(map[string]*loaded), combos: make(map[string]Combo)}
	for _, src := range sources {
		if err := l.source(src); err != nil {
			return nil, err
		}
	}
	set := l.finish()
	if len(l.problems) > 0 {
		le := &LoadError{Problems: l.problems}
		le.Sort()
		return set, le
	}
	return set, nil
}

// Sort orders the problems by file and line.
func (e *LoadError) Sort() {
	sort.SliceStable(e.Problems, func(i, j int) bool {
		a, b := e.Problems[i], e.Problems[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
}

// source loads every *.yaml file of one source.
func (l *loader) source(src Source) error {
	names, err := fs.Glob(src.FS, "*.yaml")
	if err != nil {
		return fmt.Errorf("list rules in %s: %w", src.Name, err)
	}
	more, _ := fs.Glob(src.FS, "*.yml")
	names = append(names, more...)
	sort.Strings(names)
	if len(names) == 0 && src.Name != "" {
		l.problems = append(l.problems, Problem{File: src.Name, Msg: "no *.yaml rule files in this folder"})
	}
	for _, name := range names {
		data, err := fs.ReadFile(src.FS, name)
		if err != nil {
			return fmt.Errorf("read rules file %s: %w", name, err)
		}
		file := name
		if src.Name != "" {
			file = path.Join(strings.TrimSuffix(filepathToSlash(src.Name), "/"), name)
		}
		if src.Name == "" {
			// The embedded rules: from the snapshot, when it was made
			// from this very file.
			if rd, sd, ok := snapshotFor(name, data); ok {
				if sd != nil {
					l.addSettings(file, sd)
				} else {
					l.addRules(file, rd)
				}
				continue
			}
		}
		if path.Base(name) == "verdict.yaml" {
			l.settingsFile(file, data)
		} else {
			l.ruleFile(file, data)
		}
	}
	return nil
}

func filepathToSlash(s string) string { return strings.ReplaceAll(s, "\\", "/") }

var yamlLineRe = regexp.MustCompile(`line (\d+): (.*)`)

// yamlProblems turns a yaml error into problems with lines.
func (l *loader) yamlProblems(file string, err error) {
	var te *yaml.TypeError
	msgs := []string{err.Error()}
	if errors.As(err, &te) {
		msgs = te.Errors
	}
	for _, m := range msgs {
		m = strings.TrimPrefix(m, "yaml: ")
		if sm := yamlLineRe.FindStringSubmatch(m); sm != nil {
			n, _ := strconv.Atoi(sm[1])
			l.problems = append(l.problems, Problem{File: file, Line: n, Msg: sm[2]})
			continue
		}
		l.problems = append(l.problems, Problem{File: file, Msg: m})
	}
}

// decode parses data once into a node tree (kept for line numbers),
// reports keys that v's type does not have, and decodes the tree into v.
func (l *loader) decode(file string, data []byte, v any) (*yaml.Node, bool) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		l.yamlProblems(file, err)
		return nil, false
	}
	if len(root.Content) == 0 {
		return &root, true // an empty file
	}
	before := len(l.problems)
	l.unknownKeys(file, docNode(&root), reflect.TypeOf(v).Elem())
	if err := root.Decode(v); err != nil {
		l.yamlProblems(file, err)
	}
	return &root, len(l.problems) == before
}

// unknownKeys reports mapping keys that have no field in type t, walking
// structs, slices, maps and pointers of structs.
func (l *loader) unknownKeys(file string, n *yaml.Node, t reflect.Type) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			return // a type error; Decode reports it
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			key := n.Content[i].Value
			f, ok := fieldByTag(t, key)
			if !ok {
				l.problems = append(l.problems, Problem{File: file, Line: n.Content[i].Line,
					Msg: fmt.Sprintf("field %s not found in type %s", key, t)})
				continue
			}
			l.unknownKeys(file, n.Content[i+1], f.Type)
		}
	case reflect.Slice:
		if n.Kind == yaml.SequenceNode {
			for _, c := range n.Content {
				l.unknownKeys(file, c, t.Elem())
			}
		}
	case reflect.Map:
		if n.Kind == yaml.MappingNode {
			for i := 1; i < len(n.Content); i += 2 {
				l.unknownKeys(file, n.Content[i], t.Elem())
			}
		}
	}
}

// fieldByTag finds the field of struct t whose yaml tag names key.
func fieldByTag(t reflect.Type, key string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == key && name != "-" {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// ruleFile is the shape of a rule file.
type ruleFile struct {
	Layer string `yaml:"layer"`
	Rules []Rule `yaml:"rules"`
}

// ruleFileData is what a rule file holds, with the line of every rule and
// of the items of its lists: what the YAML decoder produces, or what the
// snapshot of the embedded rules (snapshot.go) keeps.
type ruleFileData struct {
	Layer string
	Rules []Rule
	Lines []ruleLines // by rule
}

// ruleLines are the lines of one rule and of the items of its lists.
type ruleLines struct {
	Line                             int
	Patterns, Except, Match, NoMatch []int
}

func (l *loader) ruleFile(file string, data []byte) {
	d, ok := l.decodeRuleFile(file, data)
	if ok {
		l.addRules(file, d)
	}
}

// decodeRuleFile decodes a rule file, reporting its problems.
func (l *loader) decodeRuleFile(file string, data []byte) (*ruleFileData, bool) {
	var rf ruleFile
	root, ok := l.decode(file, data, &rf)
	if !ok {
		return nil, false
	}
	items := seqItems(valueOf(docNode(root), "rules"))
	d := &ruleFileData{Layer: rf.Layer, Rules: rf.Rules, Lines: make([]ruleLines, len(rf.Rules))}
	for i := range rf.Rules {
		var node *yaml.Node
		if i < len(items) {
			node = items[i]
		}
		ex := valueOf(node, "examples")
		d.Lines[i] = ruleLines{
			Line:     lineOf(node),
			Patterns: lines(valueOf(node, "patterns")),
			Except:   lines(valueOf(node, "except")),
			Match:    lines(valueOf(ex, "match")),
			NoMatch:  lines(valueOf(ex, "no_match")),
		}
	}
	return d, true
}

// addRules adds the rules of a decoded rule file.
func (l *loader) addRules(file string, d *ruleFileData) {
	if len(d.Rules) == 0 {
		l.problems = append(l.problems, Problem{File: file, Line: 1, Msg: "no rules in file (want a top-level \"rules:\" list)"})
		return
	}
	for i, r := range d.Rules {
		ln := d.Lines[i]
		ld := &loaded{rule: r, file: file, line: ln.Line}
		ld.patLines = ln.Patterns
		ld.excLines = ln.Except
		ld.exLines.match = ln.Match
		ld.exLines.noMatch = ln.NoMatch
		if ld.rule.Layer == "" {
			ld.rule.Layer = d.Layer
		}
		ld.rule.Source = file + ":" + strconv.Itoa(ld.line)
		if prev, ok := l.rules[r.ID]; ok && prev.file == file {
			l.problems = append(l.problems, Problem{File: file, Line: ld.line, Msg: fmt.Sprintf("duplicate rule id %s (first at line %d)", r.ID, prev.line)})
			continue
		}
		if r.Disabled {
			if _, ok := l.rules[r.ID]; !ok {
				l.problems = append(l.problems, Problem{File: file, Line: ld.line, Msg: fmt.Sprintf("disables unknown rule %s", r.ID)})
			}
		}
		l.rules[r.ID] = ld
	}
}

// settingsData is what the verdict file holds, with the line of every
// combination.
type settingsData struct {
	Settings   Settings
	ComboLines []int
}

func (l *loader) settingsFile(file string, data []byte) {
	d, ok := l.decodeSettingsFile(file, data)
	if ok {
		l.addSettings(file, d)
	}
}

// decodeSettingsFile decodes the verdict file, reporting its problems.
func (l *loader) decodeSettingsFile(file string, data []byte) (*settingsData, bool) {
	d := &settingsData{}
	root, ok := l.decode(file, data, &d.Settings)
	if !ok {
		return nil, false
	}
	items := seqItems(valueOf(docNode(root), "combos"))
	d.ComboLines = make([]int, len(d.Settings.Combos))
	for i := range d.Settings.Combos {
		if i < len(items) {
			d.ComboLines[i] = lineOf(items[i])
		}
	}
	return d, true
}

// addSettings merges the settings of a decoded verdict file.
func (l *loader) addSettings(file string, d *settingsData) {
	s := &d.Settings
	if s.Thresholds.Suspicious != 0 {
		l.settings.Thresholds.Suspicious = s.Thresholds.Suspicious
	}
	if s.Thresholds.Scam != 0 {
		l.settings.Thresholds.Scam = s.Thresholds.Scam
	}
	if l.settings.Layers == nil {
		l.settings.Layers = make(map[string]Layer)
	}
	for k, v := range s.Layers {
		l.settings.Layers[k] = v
	}
	if l.settings.Advice == nil {
		l.settings.Advice = make(map[string]string)
	}
	for k, v := range s.Advice {
		l.settings.Advice[k] = v
	}
	for i, c := range s.Combos {
		c.Source = fmt.Sprintf("%s:%d", file, d.ComboLines[i])
		l.combos[c.ID] = c
	}
}

// finish validates the merged rules and returns the set.
func (l *loader) finish() *Set {
	set := &Set{Settings: l.settings}
	layers := l.settings.Layers
	th := l.settings.Thresholds
	if len(layers) == 0 {
		l.problems = append(l.problems, Problem{File: "verdict.yaml", Msg: "no layers declared"})
	}
	if th.Suspicious <= 0 || th.Scam <= th.Suspicious || th.Scam > 100 {
		l.problems = append(l.problems, Problem{File: "verdict.yaml", Msg: fmt.Sprintf("thresholds want 0 < suspicious < scam <= 100, have %d and %d", th.Suspicious, th.Scam)})
	}
	for name, ly := range layers {
		if ly.Cap <= 0 {
			l.problems = append(l.problems, Problem{File: "verdict.yaml", Msg: fmt.Sprintf("layer %s: cap must be > 0", name)})
		}
	}
	ids := make([]string, 0, len(l.rules))
	for id, ld := range l.rules {
		if !ld.rule.Disabled {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	for _, id := range ids {
		ld := l.rules[id]
		r := ld.rule
		for _, msg := range validateRule(&r, layers) {
			l.problems = append(l.problems, Problem{File: ld.file, Line: ld.line, Msg: msg})
		}
		if r.Near != nil {
			for _, n := range r.Near.Rules {
				if nl, ok := l.rules[n]; !ok || nl.rule.Disabled {
					l.problems = append(l.problems, Problem{File: ld.file, Line: ld.line, Msg: fmt.Sprintf("rule %s: near names unknown rule %s", id, n)})
				}
			}
		}
		r.matchLines, r.noMatchLines = ld.exLines.match, ld.exLines.noMatch
		r.patLines, r.excLines = ld.patLines, ld.excLines
		set.Rules = append(set.Rules, r)
	}
	cids := make([]string, 0, len(l.combos))
	for id := range l.combos {
		cids = append(cids, id)
	}
	sort.Strings(cids)
	for _, id := range cids {
		c := l.combos[id]
		file, line := splitSource(c.Source)
		if !strings.HasPrefix(c.ID, "combo.") || !idRe.MatchString(c.ID) {
			l.problems = append(l.problems, Problem{File: file, Line: line, Msg: fmt.Sprintf("combination id %q must look like combo.name", c.ID)})
		}
		if len(c.Layers)+len(c.AnyOf) == 0 {
			l.problems = append(l.problems, Problem{File: file, Line: line, Msg: fmt.Sprintf("combination %s names no layers", c.ID)})
		}
		for _, ly := range append(slices.Clone(c.Layers), c.AnyOf...) {
			if _, ok := layers[ly]; !ok {
				l.problems = append(l.problems, Problem{File: file, Line: line, Msg: fmt.Sprintf("combination %s: unknown layer %q", c.ID, ly)})
			}
		}
		for _, f := range c.Features {
			if !slices.Contains(Features, f) {
				l.problems = append(l.problems, Problem{File: file, Line: line, Msg: fmt.Sprintf("combination %s: unknown feature %q", c.ID, f)})
			}
		}
		if strings.TrimSpace(c.Message) == "" {
			l.problems = append(l.problems, Problem{File: file, Line: line, Msg: fmt.Sprintf("combination %s: message is empty", c.ID)})
		}
		for _, id := range c.RulesAny {
			// A disabled rule is fine: it never fires (a user folder may
			// disable url.port without rewriting the combinations).
			if _, ok := l.rules[id]; !ok {
				l.problems = append(l.problems, Problem{File: file, Line: line, Msg: fmt.Sprintf("combination %s: rules_any names unknown rule %s", c.ID, id)})
			}
		}
		for _, id := range c.Unless {
			// A disabled rule is fine here: it just never clears the combination.
			if _, ok := l.rules[id]; !ok {
				l.problems = append(l.problems, Problem{File: file, Line: line, Msg: fmt.Sprintf("combination %s: unless names unknown rule %s", c.ID, id)})
			}
		}
		set.Settings.Combos = append(set.Settings.Combos, c)
	}
	return set
}

// splitSource splits "file:line".
func splitSource(s string) (string, int) {
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return s, 0
	}
	n, _ := strconv.Atoi(s[i+1:])
	return s[:i], n
}

// PatternSource returns the file and line of pattern i of rule r (of its
// except patterns when except is set).
func (r *Rule) PatternSource(except bool, i int) (string, int) {
	file, line := splitSource(r.Source)
	ls := r.patLines
	if except {
		ls = r.excLines
	}
	return file, at(ls, i, line)
}

// ExampleSource returns "file:line" of example i of rule r (match or not).
func (r *Rule) ExampleSource(match bool, i int) string {
	file, line := splitSource(r.Source)
	ls := r.noMatchLines
	if match {
		ls = r.matchLines
	}
	return fmt.Sprintf("%s:%d", file, at(ls, i, line))
}

func at(ls []int, i, def int) int {
	if i < len(ls) && ls[i] > 0 {
		return ls[i]
	}
	return def
}

// docNode returns the top mapping of a document node.
func docNode(n *yaml.Node) *yaml.Node {
	if n != nil && n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		return n.Content[0]
	}
	return n
}

// valueOf returns the value node of key in mapping n, or nil.
func valueOf(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// seqItems returns the items of sequence n.
func seqItems(n *yaml.Node) []*yaml.Node {
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	return n.Content
}

// lines returns the line of each item of sequence n.
func lines(n *yaml.Node) []int {
	items := seqItems(n)
	out := make([]int, len(items))
	for i, it := range items {
		out[i] = it.Line
	}
	return out
}

func lineOf(n *yaml.Node) int {
	if n == nil {
		return 0
	}
	return n.Line
}

// Embedded returns the source of the rules built into the binary.
func Embedded() Source { return Source{FS: rulesdata.FS} }

// Dir returns the source of a user rules folder, or an error when dir is
// not a readable folder.
func Dir(dir string) (Source, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return Source{}, fmt.Errorf("rules folder: %w", err)
	}
	if !st.IsDir() {
		return Source{}, fmt.Errorf("rules folder %s: not a folder", dir)
	}
	return Source{Name: dir, FS: os.DirFS(dir)}, nil
}
