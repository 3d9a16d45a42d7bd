package report

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/xldisk/xldisk/diag"
)

// WriteGitHub writes GitHub Actions workflow commands, one annotation per
// finding: "::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=RULE summary::message [RULE]".
// Info findings become notices. col and endColumn count code points, and
// are left out when the finding spans lines (GitHub then marks whole
// lines; with columns it would draw a wrong range). A finding with no
// place in the file names the file only; an unreadable file gets an error
// annotation titled "xldisk: unreadable file". When there is something to
// report, the last line is the text summary (Summary.Line), which names
// the Xen releases judged; it is not a workflow command, so Actions just
// shows it in the log.
func WriteGitHub(w io.Writer, files []File, meta Meta) error {
	for _, f := range files {
		if f.Err != nil {
			if _, err := fmt.Fprintf(w, "::error file=%s,title=%s::%s\n", ghProp(filepath.ToSlash(f.Path)), ghProp("xldisk: unreadable file"), ghData(f.Err.Error())); err != nil {
				return err
			}
		}
		for _, d := range f.Diags {
			level := map[diag.Severity]string{diag.Error: "error", diag.Warning: "warning", diag.Info: "notice"}[d.Severity]
			props := "file=" + ghProp(filepath.ToSlash(f.Path))
			if r := d.Range; r.InFile() {
				end := r.End
				if !end.IsValid() {
					end = r.Start
				}
				if end.Line == r.Start.Line {
					props += fmt.Sprintf(",line=%d,col=%d,endLine=%d,endColumn=%d", r.Start.Line, runeColumn(f.Src, r.Start), end.Line, runeColumn(f.Src, end))
				} else {
					props += fmt.Sprintf(",line=%d,endLine=%d", r.Start.Line, end.Line)
				}
			}
			props += ",title=" + ghProp(strings.TrimSpace(d.Rule.String()+" "+ruleOf(d).Summary))
			if _, err := fmt.Fprintf(w, "::%s %s::%s [%s]%s\n", level, props, ghData(message(d)), d.Rule, ghData(ReleaseNote(d, meta))); err != nil {
				return err
			}
		}
	}
	s := Summarize(files)
	if s.Findings() == 0 && s.Unreadable == 0 && !meta.Verbose {
		return nil
	}
	_, err := fmt.Fprintln(w, s.Line(meta))
	return err
}

func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func ghProp(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
