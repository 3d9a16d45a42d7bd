package diskspec

import "github.com/xldisk/xldisk/diag"

// why opens the explanation of every libxlu rule.
const why = "libxlu (xl's config parser) rejects the spec, so xl create and xl block-attach fail. "

// The rules of the disk-spec syntax (XLD0xx). Every parse error is a
// diag.Diagnostic of one of them.
var (
	// RuleBadSyntax: no scanner rule matches (libxlu's "." rule).
	RuleBadSyntax = diag.Register(diag.Rule{ID: "XLD001", Severity: diag.Error, Summary: "bad disk syntax",
		Why:  why + "A parameter starts with a character no rule of the disk-spec scanner accepts, typically '=' with no keyword before it, or an upper-case keyword.",
		Bad:  "disk = [ '/dev/vg/a,,xvda,=w' ]",
		Good: "disk = [ '/dev/vg/a,,xvda,w' ]"})
	// RuleUnknownParam: a key=value whose key is not a keyword.
	RuleUnknownParam = diag.Register(diag.Rule{ID: "XLD002", Severity: diag.Error, Summary: "unknown parameter",
		Why:  why + "A key=value whose key is not a disk-spec keyword.",
		Bad:  "disk = [ 'vdev=xvda,frmat=q,target=/dev/vg/a' ]",
		Good: "disk = [ 'vdev=xvda,format=raw,target=/dev/vg/a' ]"})
	// RuleUnknownPrefix: an unknown deprecated prefix name:.
	RuleUnknownPrefix = diag.Register(diag.Rule{ID: "XLD003", Severity: diag.Error, Summary: "unknown deprecated disk prefix",
		Why:  why + "A target of the form name:/... is read as a deprecated prefix (raw:, tap:, phy:, ...); an unknown one is an error. Use target= for targets containing ':'.",
		Bad:  "disk = [ 'nfs:/srv/a.img,xvda,w' ]",
		Good: "disk = [ 'vdev=xvda,access=w,target=nfs:/srv/a.img' ]"})
	// RuleFormat: an unknown format.
	RuleFormat = diag.Register(diag.Rule{ID: "XLD004", Severity: diag.Error, Summary: "unknown value for format",
		Why:  why + "The format (keyword or second positional value) must be raw, qcow, qcow2, vhd, qed or empty. A vdev given in the format slot is a common cause: leave the slot empty (/dev/x,,xvda).",
		Bad:  "disk = [ '/dev/vg/a,xvda,w' ]",
		Good: "disk = [ '/dev/vg/a,,xvda,w' ]"})
	// RuleAccess: an unknown access mode.
	RuleAccess = diag.Register(diag.Rule{ID: "XLD005", Severity: diag.Error, Summary: "unknown value for access",
		Why:  why + "Access must be r, ro, w or rw.",
		Bad:  "disk = [ '/dev/vg/a,raw,xvda,readonly' ]",
		Good: "disk = [ '/dev/vg/a,raw,xvda,ro' ]"})
	// RuleBackendtype: an unknown backendtype.
	RuleBackendtype = diag.Register(diag.Rule{ID: "XLD006", Severity: diag.Error, Summary: "unknown value for backendtype",
		Why:  why + "backendtype must be phy, tap, qdisk or standalone.",
		Bad:  "disk = [ 'backendtype=qemu,vdev=xvda,target=/a.img' ]",
		Good: "disk = [ 'backendtype=qdisk,vdev=xvda,target=/a.img' ]"})
	// RuleSpecification: an unknown specification.
	RuleSpecification = diag.Register(diag.Rule{ID: "XLD007", Severity: diag.Error, Summary: "unknown value for specification",
		Why:  why + "specification must be xen or virtio.",
		Bad:  "disk = [ 'specification=vhost,vdev=xvda,target=/a.img' ]",
		Good: "disk = [ 'specification=xen,vdev=xvda,target=/a.img' ]"})
	// RuleDevtype: an unknown device type.
	RuleDevtype = diag.Register(diag.Rule{ID: "XLD008", Severity: diag.Error, Summary: "unknown device type",
		Why:  why + "devtype= (or the deprecated vdev:TYPE) must be cdrom or disk.",
		Bad:  "disk = [ '/a.iso,,hdc,devtype=dvd' ]",
		Good: "disk = [ '/a.iso,,hdc,devtype=cdrom' ]"})
	// RuleColoPort: a colo-port that atoi reads as 0.
	RuleColoPort = diag.Register(diag.Rule{ID: "XLD009", Severity: diag.Error, Summary: "unknown value for colo_port",
		Why:  why + "colo-port is read with atoi and must give a non-zero number.",
		Bad:  "disk = [ 'vdev=xvda,colo,colo-port=nbd,target=/a.img' ]",
		Good: "disk = [ 'vdev=xvda,colo,colo-port=9000,target=/a.img' ]"})
	// RuleRespecified: a parameter given twice.
	RuleRespecified = diag.Register(diag.Rule{ID: "XLD010", Severity: diag.Error, Summary: "parameter respecified",
		Why:  why + "Each parameter may be given once (an empty string value may be overwritten); giving it again with another value is an error.",
		Bad:  "disk = [ 'format=raw,vdev=xvda,format=qcow2,target=/a.img' ]",
		Good: "disk = [ 'format=qcow2,vdev=xvda,target=/a.img' ]"})
	// RuleTooManyPositional: a fifth positional value.
	RuleTooManyPositional = diag.Register(diag.Rule{ID: "XLD011", Severity: diag.Error, Summary: "too many positional parameters",
		Why:  why + "At most four positional values (target, format, vdev, access) are accepted.",
		Bad:  "disk = [ '/dev/vg/a,raw,xvda,w,cdrom2' ]",
		Good: "disk = [ '/dev/vg/a,raw,xvda,w' ]"})
	// RuleNoVdev: no vdev (about the whole disk).
	RuleNoVdev = diag.Register(diag.Rule{ID: "XLD012", Severity: diag.Error, Summary: "no vdev specified",
		Why:  why + "Every disk needs a virtual device name (vdev).",
		Bad:  "disk = [ '/dev/vg/a' ]",
		Good: "disk = [ '/dev/vg/a,,xvda' ]"})
	// RuleNoTarget: no target on a non-removable disk (about the whole
	// disk).
	RuleNoTarget = diag.Register(diag.Rule{ID: "XLD013", Severity: diag.Error, Summary: "no target specified (and device not removable)",
		Why:  why + "Only a cdrom may have no target (an empty drive).",
		Bad:  "disk = [ 'vdev=xvda' ]",
		Good: "disk = [ 'vdev=hdc,devtype=cdrom' ]"})
	// RuleColoParams: a malformed 2015 colo-params value.
	RuleColoParams = diag.Register(diag.Rule{ID: "XLD014", Severity: diag.Error, Summary: "malformed colo-params",
		Why:  "The 2015 COLO series' colo-params must be host:port:exportname=NAME with every part non-empty and the port a number; libxl of that series refused the disk otherwise.",
		Bad:  "disk = [ 'vdev=xvda,colo,colo-params=host:9000:export=e,target=/a.img' ]",
		Good: "disk = [ 'vdev=xvda,colo,colo-params=host:9000:exportname=e,target=/a.img' ]"})
	// RuleLimits: input outside xldisk's limits (not a libxlu error).
	RuleLimits = diag.Register(diag.Rule{ID: "XLD015", Severity: diag.Error, Summary: "input outside xldisk's limits",
		Why:  "A NUL byte (libxlu would silently cut the spec there), a spec longer than diskspec.MaxSpecLen (1 MiB), more than diskspec.MaxParams (4096) parameters in one spec, or more than diskspec.MaxFragments (4096) fragments.",
		Bad:  "disk = [ '/dev/vg/a,,xvda\\x00' ]",
		Good: "disk = [ '/dev/vg/a,,xvda' ]"})
)
