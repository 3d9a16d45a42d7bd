package lint

import (
	"bytes"
	"strings"
	"testing"
)

// TestGitHubColumns checks that GitHub annotations count columns in code
// points, exactly as SARIF regions do, while text and JSON count bytes.
func TestGitHubColumns(t *testing.T) {
	src := "disk = [ \"/dév/😀,raw,hdz\" ]\n"
	r := Config("u.cfg", []byte(src), Options{})
	if len(r.Findings) != 1 {
		t.Fatalf("findings: %s", dump(r))
	}
	f := r.Findings[0]
	if !strings.HasPrefix(src[f.Pos.Offset:], "z\"") || f.Pos.Column != 28 {
		t.Fatalf("finding at byte column %d: %s", f.Pos.Column, dump(r))
	}
	var gh bytes.Buffer
	if err := WriteGitHub(&gh, []Result{r}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(gh.String(), ",line=1,col=24,endLine=1,endColumn=25,") {
		t.Errorf("github: %s", gh.String())
	}
	var sarif bytes.Buffer
	if err := WriteSARIF(&sarif, []Result{r}, SARIFOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(sarif.String(), `"startColumn": 24,`) || !strings.Contains(sarif.String(), `"endColumn": 25`) {
		t.Errorf("sarif: %s", sarif.String())
	}
	var text bytes.Buffer
	WriteText(&text, []Result{r})
	if !strings.HasPrefix(text.String(), "u.cfg:1:28: ") {
		t.Errorf("text: %s", text.String())
	}
}
