// Package config reads xldisk's project configuration, .xldisk.yaml:
//
//	# .xldisk.yaml, in the repository root
//	rules:
//	  XLD310: off        # off, info, warning or error
//	  XLD311: error
//	exclude:             # globs for directory walks, relative to this file
//	  - vendor           # a name without '/' matches at any depth
//	  - "attic/**/*.cfg" # ** matches any number of directories
//	xen: "4.17-4.22"     # a release, a list or ranges (release.ParseSet)
//	fail-on: warning     # error, warning, info or never
//
// The file is looked for in the current directory and then in each parent
// (Find); --config names one. Options given on the command line win over
// it. A malformed file is an error with its line and column, never ignored.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/release"
)

// FileName is the name of the configuration file.
const FileName = ".xldisk.yaml"

// MaxSize is the largest configuration file read.
const MaxSize = 1 << 20

// Config is a parsed .xldisk.yaml. The zero Config changes nothing.
type Config struct {
	// Path is the file it was read from ("" for none).
	Path string
	// Dir is the directory exclude globs are relative to: the file's.
	Dir string
	// Rules maps a rule to its level.
	Rules map[diag.RuleID]Level
	// Exclude are the walk exclusions (see Excluded).
	Exclude []string
	// Xen are the releases to judge against; nil when not set.
	Xen []release.Version
	// FailOn is the fail-on threshold; nil when not set.
	FailOn *FailOn
}

// Level is what a rule is turned into: off, or a severity.
type Level struct {
	// Off drops the rule's findings.
	Off bool
	// Severity replaces the rule's severity (when not Off).
	Severity diag.Severity
}

// ParseLevel reads "off", "info", "warning" or "error".
func ParseLevel(s string) (Level, error) {
	if s == "off" {
		return Level{Off: true}, nil
	}
	sev, err := diag.ParseSeverity(s)
	if err != nil {
		return Level{}, fmt.Errorf("unknown level %q (want off, info, warning or error)", s)
	}
	return Level{Severity: sev}, nil
}

// FailOn is the threshold of the exit status: findings at least Min make
// the command fail, or none when Never.
type FailOn struct {
	// Never: findings never fail the command (only unreadable input does).
	Never bool
	// Min is the least severity that fails.
	Min diag.Severity
}

// ParseFailOn reads "error", "warning", "info" or "never".
func ParseFailOn(s string) (FailOn, error) {
	if s == "never" {
		return FailOn{Never: true}, nil
	}
	sev, err := diag.ParseSeverity(s)
	if err != nil {
		return FailOn{}, fmt.Errorf("unknown fail-on %q (want error, warning, info or never)", s)
	}
	return FailOn{Min: sev}, nil
}

// Fails reports whether a finding of these makes the command fail.
func (f FailOn) Fails(l diag.List) bool {
	if f.Never {
		return false
	}
	m, ok := l.Max()
	return ok && m.AtLeast(f.Min)
}

// String renders the threshold as ParseFailOn reads it.
func (f FailOn) String() string {
	if f.Never {
		return "never"
	}
	return f.Min.String()
}

// Error is a malformed configuration file: "path:line:col: message"
// (column 0, and then not printed, when the YAML parser gives none).
type Error struct {
	// Path is the configuration file.
	Path string
	// Line and Column are 1-based (0: unknown).
	Line, Column int
	// Msg says what is wrong.
	Msg string
}

// Error renders "path:line:col: message".
func (e *Error) Error() string {
	switch {
	case e.Line > 0 && e.Column > 0:
		return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Line, e.Column, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
	}
	return e.Path + ": " + e.Msg
}

// Find returns the configuration file of dir: FileName in dir or in its
// nearest parent that has one, or "" when none has.
func Find(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(abs, FileName)
		fi, err := os.Stat(p)
		if err == nil && !fi.IsDir() {
			return p, nil
		}
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return "", nil
		}
		abs = parent
	}
}

// Load reads and parses a configuration file (at most MaxSize bytes).
func Load(file string) (*Config, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		return nil, err
	}
	if len(src) > MaxSize {
		return nil, &Error{Path: file, Msg: fmt.Sprintf("larger than %d bytes", MaxSize)}
	}
	return Parse(file, src)
}

// Parse parses the content of a configuration file named file. Unknown
// keys, unknown rules, bad levels, globs and releases, repeated keys and
// values of the wrong kind are errors (*Error) with their position.
func Parse(file string, src []byte) (*Config, error) {
	abs, err := filepath.Abs(file)
	if err != nil {
		abs = file
	}
	c := &Config{Path: file, Dir: filepath.Dir(abs), Rules: map[diag.RuleID]Level{}}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(src))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return c, nil // an empty file
		}
		return nil, yamlError(file, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, at(file, &extra, "more than one YAML document")
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return c, nil
	}
	if root.Kind != yaml.MappingNode {
		return nil, at(file, root, "want a mapping of rules, exclude, xen and fail-on")
	}
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if prev, dup := seen[k.Value]; dup {
			return nil, at(file, k, fmt.Sprintf("%s is set again (first on line %d)", k.Value, prev.Line))
		}
		seen[k.Value] = k
		var err error
		switch k.Value {
		case "rules":
			err = c.rules(file, v)
		case "exclude":
			err = c.exclude(file, v)
		case "xen":
			err = c.xen(file, v)
		case "fail-on":
			var s string
			if s, err = scalar(file, v, "fail-on"); err == nil {
				var f FailOn
				if f, err = ParseFailOn(s); err != nil {
					err = at(file, v, err.Error())
				}
				c.FailOn = &f
			}
		default:
			err = at(file, k, fmt.Sprintf("unknown key %q (want rules, exclude, xen or fail-on)", k.Value))
		}
		if err != nil {
			return nil, err
		}
	}
	return c, nil
}

func at(file string, n *yaml.Node, msg string) *Error {
	return &Error{Path: file, Line: n.Line, Column: n.Column, Msg: msg}
}

// yamlError turns a YAML syntax error ("yaml: line 3: ...") into an
// Error with the line (the parser gives no column).
func yamlError(file string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	var line int
	if n, _ := fmt.Sscanf(msg, "line %d:", &line); n == 1 {
		_, rest, _ := strings.Cut(msg, ": ")
		return &Error{Path: file, Line: line, Msg: "invalid YAML: " + rest}
	}
	return &Error{Path: file, Msg: "invalid YAML: " + msg}
}

func scalar(file string, n *yaml.Node, what string) (string, error) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return "", at(file, n, what+" wants a single value")
	}
	return n.Value, nil
}

func (c *Config) rules(file string, n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return at(file, n, "rules wants a mapping of rule ids to off, info, warning or error")
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		id, ok := diag.ParseRuleID(k.Value)
		if !ok {
			return at(file, k, fmt.Sprintf("unknown rule %q (see xldisk rules)", k.Value))
		}
		if _, dup := c.Rules[id]; dup {
			return at(file, k, fmt.Sprintf("rule %s is set twice", id))
		}
		s, err := scalar(file, v, "rule "+id.String())
		if err != nil {
			return err
		}
		if v.Tag == "!!bool" && (s == "off" || s == "Off" || s == "OFF" || s == "false") {
			s = "off" // YAML 1.1 readers see off as false; accept both spellings
		}
		lv, err := ParseLevel(s)
		if err != nil {
			return at(file, v, err.Error())
		}
		c.Rules[id] = lv
	}
	return nil
}

func (c *Config) exclude(file string, n *yaml.Node) error {
	items := []*yaml.Node{n}
	if n.Kind == yaml.SequenceNode {
		items = n.Content
	}
	for _, it := range items {
		s, err := scalar(file, it, "each exclude item")
		if err != nil {
			return err
		}
		if err := checkGlob(s); err != nil {
			return at(file, it, fmt.Sprintf("bad glob %q: %v", s, err))
		}
		c.Exclude = append(c.Exclude, s)
	}
	return nil
}

func (c *Config) xen(file string, n *yaml.Node) error {
	var parts []string
	if n.Kind == yaml.SequenceNode {
		for _, it := range n.Content {
			s, err := scalar(file, it, "each xen item")
			if err != nil {
				return err
			}
			parts = append(parts, s)
		}
	} else {
		s, err := scalar(file, n, "xen")
		if err != nil {
			return err
		}
		parts = []string{s}
	}
	vs, err := release.ParseSet(strings.Join(parts, ","))
	if err != nil {
		return at(file, n, err.Error())
	}
	c.Xen = vs
	return nil
}

// checkGlob validates a glob of Excluded.
func checkGlob(g string) error {
	g = strings.TrimSuffix(g, "/")
	if g == "" {
		return errors.New("empty")
	}
	for _, seg := range strings.Split(g, "/") {
		if seg == "**" {
			continue
		}
		if _, err := path.Match(seg, ""); err != nil {
			return err
		}
	}
	return nil
}

// Excluded reports whether a directory walk skips p (a directory when
// isDir). A glob without '/' matches the base name at any depth
// ("vendor", "*.bak"); a glob with '/' is matched against p relative to
// Dir ("attic/*.cfg", "**/old/*.cfg", where ** matches any number of
// directories, none included). A glob ending in '/' matches directories
// only. Each '/'-separated part is a path.Match pattern.
func (c *Config) Excluded(p string, isDir bool) bool {
	if c == nil || len(c.Exclude) == 0 {
		return false
	}
	base := filepath.Base(p)
	var rel []string
	if abs, err := filepath.Abs(p); err == nil {
		if r, err := filepath.Rel(c.Dir, abs); err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator)) {
			rel = strings.Split(filepath.ToSlash(r), "/")
		}
	}
	for _, g := range c.Exclude {
		dirOnly := strings.HasSuffix(g, "/")
		g = strings.TrimSuffix(g, "/")
		if dirOnly && !isDir {
			continue
		}
		if !strings.Contains(g, "/") {
			if ok, _ := path.Match(g, base); ok {
				return true
			}
			continue
		}
		if rel != nil && matchSegs(strings.Split(strings.TrimPrefix(g, "/"), "/"), rel) {
			return true
		}
	}
	return false
}

// matchSegs matches path segments against glob segments, ** matching any
// number of segments.
func matchSegs(g, p []string) bool {
	for len(g) > 0 {
		if g[0] == "**" {
			for i := 0; i <= len(p); i++ {
				if matchSegs(g[1:], p[i:]) {
					return true
				}
			}
			return false
		}
		if len(p) == 0 {
			return false
		}
		if ok, _ := path.Match(g[0], p[0]); !ok {
			return false
		}
		g, p = g[1:], p[1:]
	}
	return len(p) == 0
}
