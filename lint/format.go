package lint

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/xlcfg"
)

// WriteText writes one line per finding:
// "file:line:col: severity: message (suggestion) [RULE]". Columns count
// bytes from 1, as go vet and gofmt count them.
func WriteText(w io.Writer, results []Result) error {
	for _, r := range results {
		for _, f := range r.Findings {
			if _, err := fmt.Fprintln(w, f.String()); err != nil {
				return err
			}
		}
	}
	return nil
}

type jsonFinding struct {
	Rule       string `json:"rule"`
	Severity   string `json:"severity"`
	Message    string `json:"message"`
	Suggestion string `json:"suggestion,omitempty"`
	Line       int    `json:"line"`
	Column     int    `json:"column"`
	EndLine    int    `json:"endLine"`
	EndColumn  int    `json:"endColumn"`
	Offset     int    `json:"offset"`
	EndOffset  int    `json:"endOffset"`
	Disk       int    `json:"disk"`
}

type jsonFile struct {
	Path       string        `json:"path"`
	Error      string        `json:"error,omitempty"`
	Suppressed int           `json:"suppressed"`
	Findings   []jsonFinding `json:"findings"`
}

type jsonReport struct {
	Files   []jsonFile     `json:"files"`
	Summary map[string]int `json:"summary"`
}

// WriteJSON writes the results as one indented JSON document:
// {"files": [{"path", "error", "suppressed", "findings": [...]}],
// "summary": {"files", "error", "warning", "info", "unreadable"}}.
// Lines and columns are 1-based, columns and offsets in bytes (as in
// Finding and WriteText; WriteSARIF and WriteGitHub count code points).
func WriteJSON(w io.Writer, results []Result) error {
	rep := jsonReport{Files: []jsonFile{}, Summary: map[string]int{"files": 0, "error": 0, "warning": 0, "info": 0, "unreadable": 0}}
	for _, r := range results {
		jf := jsonFile{Path: r.Path, Suppressed: r.Suppressed, Findings: []jsonFinding{}}
		rep.Summary["files"]++
		if r.Err != nil {
			jf.Error = r.Err.Error()
			rep.Summary["unreadable"]++
		}
		for _, f := range r.Findings {
			rep.Summary[f.Severity.String()]++
			jf.Findings = append(jf.Findings, jsonFinding{Rule: f.Rule, Severity: f.Severity.String(), Message: f.Message,
				Suggestion: f.Suggestion, Line: f.Pos.Line, Column: f.Pos.Column, EndLine: f.End.Line, EndColumn: f.End.Column,
				Offset: f.Pos.Offset, EndOffset: f.End.Offset, Disk: f.Disk})
		}
		rep.Files = append(rep.Files, jf)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(rep)
}

// SARIFOptions configure WriteSARIF.
type SARIFOptions struct {
	// Root is the directory that URIs are made relative to (the
	// repository root, for GitHub code scanning). Paths outside it get
	// absolute file: URIs. Empty means the current directory.
	Root string
	// Version is the tool version to report, if known.
	Version string
}

// SARIF 2.1.0 structures (only what xldisk writes).
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                   `json:"tool"`
	ColumnKind         string                      `json:"columnKind"`
	OriginalURIBaseIDs map[string]sarifArtifactLoc `json:"originalUriBaseIds,omitempty"`
	Results            []sarifResult               `json:"results"`
	Invocations        []sarifInvocation           `json:"invocations"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level     string          `json:"level"`
	Message   sarifMessage    `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri"`
	Version        string      `json:"version,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string            `json:"id"`
	Name                 string            `json:"name"`
	ShortDescription     sarifMessage      `json:"shortDescription"`
	FullDescription      sarifMessage      `json:"fullDescription"`
	Help                 sarifHelp         `json:"help"`
	DefaultConfiguration sarifRuleConfig   `json:"defaultConfiguration"`
	Properties           map[string]string `json:"properties,omitempty"`
}

type sarifHelp struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown"`
}

type sarifRuleConfig struct {
	Level string `json:"level"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID    string          `json:"ruleId"`
	RuleIndex int             `json:"ruleIndex"`
	Level     string          `json:"level"`
	Message   sarifMessage    `json:"message"`
	Locations []sarifLocation `json:"locations"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifactLoc `json:"artifactLocation"`
	Region           *sarifRegion     `json:"region,omitempty"`
}

type sarifArtifactLoc struct {
	URI         string        `json:"uri"`
	URIBaseID   string        `json:"uriBaseId,omitempty"`
	Description *sarifMessage `json:"description,omitempty"`
}

// stdinArtifact is the location of the standard input: a relative URI
// with no uriBaseId (SARIF 2.1.0 §3.4.4 leaves its resolution to the
// consumer), so that it does not claim a file under the root.
var stdinArtifact = sarifArtifactLoc{URI: "stdin", Description: &sarifMessage{Text: "the standard input"}}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
}

// sarifLevel maps a severity to a SARIF level.
func sarifLevel(s diag.Severity) string {
	switch s {
	case diag.Error:
		return "error"
	case diag.Warning:
		return "warning"
	}
	return "note"
}

// RuleHelpMarkdown renders a rule's help as Markdown: why, then the bad
// and good examples.
func RuleHelpMarkdown(r diag.Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\nBad:\n\n```\n%s\n```\n\nGood:\n\n```\n%s\n```\n", r.Why, r.Bad, r.Good)
	return b.String()
}

// ruleName turns a summary into a PascalCase SARIF rule name.
func ruleName(summary string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(summary, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	}) {
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	return b.String()
}

// WriteSARIF writes the results as a SARIF 2.1.0 log that GitHub code
// scanning accepts: every catalogue rule with its help, results with
// repository-relative URIs (base id %SRCROOT%, which is opts.Root) and
// regions whose columns count Unicode code points. The standard input
// (Paths' "-") gets the plain relative URI "stdin" with no base id.
// Unreadable files become tool execution notifications.
func WriteSARIF(w io.Writer, results []Result, opts SARIFOptions) error {
	root := opts.Root
	if root == "" {
		root = "."
	}
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return err
	}
	run := sarifRun{
		Tool:       sarifTool{Driver: sarifDriver{Name: "xldisk", InformationURI: "https://github.com/xldisk/xldisk", Version: opts.Version}},
		ColumnKind: "unicodeCodePoints",
		OriginalURIBaseIDs: map[string]sarifArtifactLoc{
			"%SRCROOT%": {URI: fileURI(absRoot) + "/"},
		},
		Results:     []sarifResult{},
		Invocations: []sarifInvocation{{ExecutionSuccessful: true}},
	}
	index := map[string]int{}
	for i, r := range diag.Catalogue() {
		index[r.ID] = i
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{
			ID: r.ID, Name: ruleName(r.Summary),
			ShortDescription:     sarifMessage{Text: r.Summary},
			FullDescription:      sarifMessage{Text: r.Why},
			Help:                 sarifHelp{Text: r.Why + "\n\nBad:\n" + r.Bad + "\n\nGood:\n" + r.Good, Markdown: RuleHelpMarkdown(r)},
			DefaultConfiguration: sarifRuleConfig{Level: sarifLevel(r.Severity)},
		})
	}
	for _, r := range results {
		loc := artifact(r.Path, absRoot)
		if r.stdin {
			loc = stdinArtifact
		}
		if r.Err != nil {
			run.Invocations[0].ToolExecutionNotifications = append(run.Invocations[0].ToolExecutionNotifications, sarifNotification{
				Level: "error", Message: sarifMessage{Text: r.Err.Error()},
				Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{ArtifactLocation: loc}}},
			})
			run.Invocations[0].ExecutionSuccessful = false
			continue
		}
		for _, f := range r.Findings {
			msg := f.Message
			if f.Suggestion != "" {
				msg += " (" + f.Suggestion + ")"
			}
			region := &sarifRegion{
				StartLine: f.Pos.Line, StartColumn: runeColumn(r.src, f.Pos),
				EndLine: f.End.Line, EndColumn: runeColumn(r.src, f.End),
			}
			run.Results = append(run.Results, sarifResult{
				RuleID: f.Rule, RuleIndex: index[f.Rule], Level: sarifLevel(f.Severity),
				Message:   sarifMessage{Text: msg},
				Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{ArtifactLocation: loc, Region: region}}},
			})
		}
	}
	log := sarifLog{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0", Runs: []sarifRun{run}}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(log)
}

// runeColumn converts a byte-based position to a 1-based code point
// column: the one conversion behind WriteSARIF's regions and WriteGitHub's
// annotations. Without the source (a Result not made by Config) it keeps
// the byte column.
func runeColumn(src []byte, p xlcfg.Position) int {
	if src == nil || p.Offset > len(src) {
		return p.Column
	}
	lineStart := p.Offset - (p.Column - 1)
	if lineStart < 0 || lineStart > p.Offset {
		return p.Column
	}
	return utf8.RuneCount(src[lineStart:p.Offset]) + 1
}

// artifact makes a path relative to root, with forward slashes and
// percent-encoding, or an absolute file: URI outside root.
func artifact(path, absRoot string) sarifArtifactLoc {
	abs, err := filepath.Abs(path)
	if err == nil {
		if rel, err := filepath.Rel(absRoot, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return sarifArtifactLoc{URI: escapePath(filepath.ToSlash(rel)), URIBaseID: "%SRCROOT%"}
		}
		return sarifArtifactLoc{URI: fileURI(abs)}
	}
	return sarifArtifactLoc{URI: escapePath(filepath.ToSlash(path))}
}

func escapePath(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		parts[i] = url.PathEscape(s)
	}
	return strings.Join(parts, "/")
}

func fileURI(abs string) string {
	return "file://" + escapePath(filepath.ToSlash(abs))
}

// WriteGitHub writes GitHub Actions workflow commands, one annotation per
// finding: "::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=RULE::message".
// Info findings become notices. GitHub counts columns in characters, so
// col and endColumn count Unicode code points, exactly as WriteSARIF's
// regions do (WriteText and WriteJSON count bytes).
func WriteGitHub(w io.Writer, results []Result) error {
	for _, r := range results {
		for _, f := range r.Findings {
			level := map[diag.Severity]string{diag.Error: "error", diag.Warning: "warning", diag.Info: "notice"}[f.Severity]
			msg := f.Message
			if f.Suggestion != "" {
				msg += " (" + f.Suggestion + ")"
			}
			props := fmt.Sprintf("file=%s,line=%d,col=%d,endLine=%d,endColumn=%d,title=%s",
				ghProp(filepath.ToSlash(f.Path)), f.Pos.Line, runeColumn(r.src, f.Pos), f.End.Line, runeColumn(r.src, f.End),
				ghProp(f.Rule+" "+summaryOf(f.Rule)))
			if _, err := fmt.Fprintf(w, "::%s %s::%s [%s]\n", level, props, ghData(msg), f.Rule); err != nil {
				return err
			}
		}
	}
	return nil
}

func summaryOf(id string) string {
	r, _ := diag.Lookup(id)
	return r.Summary
}

func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func ghProp(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
