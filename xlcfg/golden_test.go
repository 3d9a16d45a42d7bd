package xlcfg

import (
	"errors"
	"fmt"
	goldenfile "github.com/xldisk/xldisk/internal/golden"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/domain"
)

// goldenInputs are files that exercise every token, grammar choice, error
// and limit; results.golden holds what Parse makes of each (written with
// -update, and checked when written against the hand-written parser that
// participle replaced, on these and 40,000 generated files).
var goldenInputs = []string{
	"", ";", "\n\n", "# c\n", "a=1", "a=[]", "a=[1,]", "a=[,]", "a=[1 2]", "a=[[1],[2,[3,]],]\n", "a==1", "a+=[1]",
	"=1", "a", "a=", "a=1;b", "a=]", "a=[", "a=[1", "a=1]", "a='x';;b=\"y\"\n\n", "a=1\n+=2", "a=[1]\na+=[2]",
	"a=[1,,]", "a=[1,\n# c\n]", "a=[1 # c\n,2]", "a = [\n\n'x'\n\n,\n# c\n'y'\n,\n]\n", "a=[1;2]", "a=[1,;]",
	"a = 'x' 'y'\n", "a =\n'x'\n", "a = [ 'x'\n", "a = ['x']\na += 'y'\n", "a = 'x'\na += ['y']\nb = = 1\n",
	"a = [[[1]]]\n", "a = [1,2,3,4]\n", "a = [[1,2,3,[4 4]]]\n", "a = [1,2,3,[4]]\n", "a = [1,2,3,4 5]\n",
	"a = [[1,2,3,4],[1]]\n", "a = 'x\\101y'\nb = 1\r", "a = 1\n#", "a = 1+", "Name = 1\n", "a = 1 * 2\n",
	"a = \"\\x41\"", "a = \"\\12\"", "a = 'x\n", "a = 'x\x00'\n", "a = (1)\n", "a.b_c9 = 0x1f ; b = 09abx\n",
	"a = [ 'x', ] # c\nb += [] ;\n", "a = 1\n]", "a = 1 ,", "a = 1\n,", "a +=", "a += += 1", "a = ['x'] ['y']",
	"a b = 1", "a = b = 1", "a = b\n", "a\n= 1", "a = [ b = 1 ]", "a = [ b ]", "a \x01", "a +- 1", "a\t+= 1\n",
	"a b", "a = 1 b = 2", "a \t", "a #c\n", "a ;", "a = 1\nb\t", "a.b\t =\t[ 1 ]\nc+=1", "a = [1, b += 2]", "a \x01 \n", "a = 1\nb \x01=",
	"a = 1 # c\n", "a = [1] # c", "a = 1 ]\n", "a = [1]]\n", "a = 1;;b=2", "a = [ [1] ] 2\n", "a = 1 2", "a = [1]\n]\n",
	"a = 1 \x01\n", "a = [1] \x01 ", "a = [1,[2\n]\n]\nb = 3 3", "a = 1\n\n\n; b = ]",
	"a=[1,\n]", "a=[[1],]", "a=[,1]", "a=[1,,2]", "a = [1, ]]", "a = 1, 2", "a = [1] ,\n]", "a=[ [1] , ]", "a=[1,[2],3,]",
	"a=[1 ,# c\n 'x']", "a=[1,\n\n2,\n]", "a=['x','y' 'z']", "a=[1,2,3,4,5]",
}

// limits for the golden inputs: small enough to be hit.
var goldenOpts = domain.Options{Limits: domain.Limits{MaxFileSize: 1 << 10, MaxDepth: 2, MaxListLen: 3}}

// result renders what ParseWith makes of src.
func result(src []byte) string {
	f, err := ParseWith("g.cfg", src, goldenOpts)
	if err != nil {
		var l diag.List
		if !errors.As(err, &l) || len(l) != 1 {
			return "not a diag.List: " + err.Error()
		}
		d := l[0]
		return fmt.Sprintf("refused %v-%v %v: %s", d.Range, d.Range.End, d.Rule, d.Message)
	}
	var b strings.Builder
	for _, s := range f.Settings {
		fmt.Fprintf(&b, "%v %s %s %s %q\n", s.NamePos, s.Name, s.Op, flat(s.Value), s.Value.Raw)
	}
	for _, q := range f.Quirks {
		fmt.Fprintf(&b, "quirk %v-%v %v: %s\n", q.Range, q.Range.End, q.Rule, q.Message)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func TestGolden(t *testing.T) {
	inputs := goldenInputs
	seeds, _ := filepath.Glob("testdata/cfgs/*.cfg")
	for _, fn := range seeds {
		src, err := os.ReadFile(fn)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, string(src))
	}
	var b strings.Builder
	for _, in := range inputs {
		fmt.Fprintf(&b, "== %q\n%s\n", in, result([]byte(in)))
	}
	const golden = "testdata/results.golden"
	if goldenfile.Updating() {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if got := b.String(); got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) && i < len(wl); i++ {
			if gl[i] != wl[i] {
				t.Fatalf("%s line %d:\n got %s\nwant %s", golden, i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("%s: %d lines, want %d", golden, len(gl), len(wl))
	}
	if n := diag.Unregistered(); n != 0 {
		t.Errorf("%d diagnostics with an unregistered rule", n)
	}
}
