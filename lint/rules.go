package lint

import "github.com/xldisk/xldisk/diag"

// The whole-config rules (XLD3xx). XLD300-XLD303, what the xl.cfg reader
// itself finds, are registered by xlcfg.

// RuleDiskNested (XLD304): disk list item is not a string.
var RuleDiskNested = diag.Register(diag.Rule{ID: "XLD304", Severity: diag.Error, Summary: "disk list item is not a string",
	Why: "xl walks the disk list with xlu_cfg_get_listitem, which returns NULL for a nested list, and stops there: that " +
		"item and every disk after it are silently left out of the domain.",
	Bad:  "disk = [ '/dev/vg/a,raw,xvda,rw', [ '/dev/vg/b,raw,xvdb,rw' ] ]",
	Good: "disk = [ '/dev/vg/a,raw,xvda,rw', '/dev/vg/b,raw,xvdb,rw' ]"})

// RuleBadType (XLD305): invalid domain type.
var RuleBadType = diag.Register(diag.Rule{ID: "XLD305", Severity: diag.Error, Summary: "invalid domain type",
	Why: "xl create exits with \"Invalid domain type\" unless type is (a prefix of) hvm, pv or pvh and builder " +
		"(deprecated) is (a prefix of) hvm or generic.",
	Bad:  "type = \"kvm\"\ndisk = [ '/dev/vg/a,raw,xvda,rw' ]",
	Good: "type = \"hvm\"\ndisk = [ '/dev/vg/a,raw,xvda,rw' ]"})

// RuleAbbrevType (XLD306): abbreviated or empty domain type.
var RuleAbbrevType = diag.Register(diag.Rule{ID: "XLD306", Severity: diag.Warning, Summary: "abbreviated or empty domain type",
	Why: "xl compares type with strncmp(value, \"hvm\", strlen(value)), so any prefix matches: \"\" and \"h\" mean hvm, " +
		"\"p\" means pv. It works, but an empty or cut-off type is usually a mistake; spell it out.",
	Bad:  "type = \"\"\ndisk = [ '/dev/vg/a,raw,xvda,rw' ]",
	Good: "type = \"hvm\"\ndisk = [ '/dev/vg/a,raw,xvda,rw' ]"})

// RuleTypeConflict (XLD307): builder contradicts type.
var RuleTypeConflict = diag.Register(diag.Rule{ID: "XLD307", Severity: diag.Error, Summary: "builder contradicts type",
	Why:  "xl create exits with \"Contradicting builder and type options specified\" when both are set and disagree.",
	Bad:  "type = \"pv\"\nbuilder = \"hvm\"\ndisk = [ '/dev/vg/a,raw,xvda,rw' ]",
	Good: "type = \"hvm\"\ndisk = [ '/dev/vg/a,raw,xvda,rw' ]"})

// RuleBuilder (XLD308): builder is deprecated.
var RuleBuilder = diag.Register(diag.Rule{ID: "XLD308", Severity: diag.Info, Summary: "builder is deprecated",
	Why:  "builder has been deprecated since Xen 4.10 in favour of type = \"pv\" | \"pvh\" | \"hvm\".",
	Bad:  "builder = \"hvm\"\ndisk = [ '/dev/vg/a,raw,hda,rw' ]",
	Good: "type = \"hvm\"\ndisk = [ '/dev/vg/a,raw,hda,rw' ]"})

// RuleBadHdtype (XLD309): invalid hdtype.
var RuleBadHdtype = diag.Register(diag.Rule{ID: "XLD309", Severity: diag.Error, Summary: "invalid hdtype",
	Why:  "For an HVM guest xl create exits with \"ERROR: invalid value for hdtype\" unless hdtype is ide or ahci.",
	Bad:  "type = \"hvm\"\nhdtype = \"sata\"\ndisk = [ '/dev/vg/a,raw,hda,rw' ]",
	Good: "type = \"hvm\"\nhdtype = \"ahci\"\ndisk = [ '/dev/vg/a,raw,hda,rw' ]"})

// RuleHdtypeNotHVM (XLD310): hdtype set for a guest that is not HVM.
var RuleHdtypeNotHVM = diag.Register(diag.Rule{ID: "XLD310", Severity: diag.Warning, Summary: "hdtype set for a guest that is not HVM",
	Why: "xl reads hdtype only for HVM guests; for PV and PVH guests it is ignored, so the disks are not emulated " +
		"the way the setting suggests.",
	Bad:  "type = \"pv\"\nhdtype = \"ahci\"\ndisk = [ '/dev/vg/a,raw,xvda,rw' ]",
	Good: "type = \"hvm\"\nhdtype = \"ahci\"\ndisk = [ '/dev/vg/a,raw,hda,rw' ]"})

// RuleReassigned (XLD311): setting assigned twice.
var RuleReassigned = diag.Register(diag.Rule{ID: "XLD311", Severity: diag.Warning, Summary: "setting assigned twice",
	Why: "libxlu keeps only the last \"name = value\" of a name: the earlier one is silently ignored, which often hides " +
		"a disk list that was meant to be extended (use += for that).",
	Bad:  "disk = [ '/dev/vg/a,raw,xvda,rw' ]\ndisk = [ '/dev/vg/b,raw,xvdb,rw' ]",
	Good: "disk = [ '/dev/vg/a,raw,xvda,rw' ]\ndisk += [ '/dev/vg/b,raw,xvdb,rw' ]"})

// RuleNoReason (XLD312): suppression without a reason.
var RuleNoReason = diag.Register(diag.Rule{ID: "XLD312", Severity: diag.Warning, Summary: "suppression without a reason",
	Why: "An \"# xldisk:ignore RULE -- reason\" comment must say why the finding is acceptable, so that the next reader " +
		"can judge it. The suppression still applies.",
	Bad:  "# xldisk:ignore XLD311\ndisk = [ '/dev/vg/a,raw,xvda,rw' ]\ndisk = [ '/dev/vg/b,raw,xvdb,rw' ]",
	Good: "# xldisk:ignore XLD311 -- the first list is kept for older xl versions\ndisk = [ '/dev/vg/a,raw,xvda,rw' ]\ndisk = [ '/dev/vg/b,raw,xvdb,rw' ]"})

// RuleBadSuppression (XLD313): malformed suppression.
var RuleBadSuppression = diag.Register(diag.Rule{ID: "XLD313", Severity: diag.Warning, Summary: "malformed suppression",
	Why: "An xldisk:ignore comment must name registered rule ids (XLD and three digits, comma separated) followed by " +
		"\"-- reason\"; anything else suppresses nothing.",
	Bad:  "# xldisk:ignore vdev-check -- legacy\ndisk = [ '/dev/vg/a,raw,xvda,rw' ]",
	Good: "disk = [ '/dev/vg/a,raw,xvda,rw' ]"})

// RuleUnusedIgnore (XLD314): suppression matches no finding.
var RuleUnusedIgnore = diag.Register(diag.Rule{ID: "XLD314", Severity: diag.Warning, Summary: "suppression matches no finding",
	Why:  "An xldisk:ignore comment whose rules report nothing on its line or the next one is stale: remove it.",
	Bad:  "# xldisk:ignore XLD012 -- old disk\ndisk = [ '/dev/vg/a,raw,xvda,rw' ]",
	Good: "disk = [ '/dev/vg/a,raw,xvda,rw' ]"})

// RuleListNotSingle (XLD315): list where xl wants a single value.
var RuleListNotSingle = diag.Register(diag.Rule{ID: "XLD315", Severity: diag.Warning, Summary: "list where xl wants a single value",
	Why: "xl reads type, builder and hdtype with xlu_cfg_get_string, which refuses a list with only a warning: the " +
		"setting is ignored (a type = [ \"hvm\" ] guest is created as PV).",
	Bad:  "type = [ \"hvm\" ]\ndisk = [ '/dev/vg/a,raw,hda,rw' ]",
	Good: "type = \"hvm\"\ndisk = [ '/dev/vg/a,raw,hda,rw' ]"})

// RuleDiskSpecEscaped (XLD316): backslash escape in a disk spec.
var RuleDiskSpecEscaped = diag.Register(diag.Rule{ID: "XLD316", Severity: diag.Info, Summary: "backslash escape in a disk spec",
	Why: "The disk spec xl sees is the string after libxlu's escapes: '\\\\' is one backslash, '\\t' a tab. " +
		"Positions in messages point into the file, but the spec itself differs from what the file shows; " +
		"prefer the other quote character over \\' or \\\".",
	Bad:  "disk = [ 'vdev=xvda,target=/srv/it\\'s.img' ]",
	Good: "disk = [ \"vdev=xvda,target=/srv/it's.img\" ]"})

// RulePathWhitespace (XLD317): whitespace at the edge of a path.
var RulePathWhitespace = diag.Register(diag.Rule{ID: "XLD317", Severity: diag.Warning, Summary: "whitespace at the edge of a path",
	Why: "libxlu skips white space before a parameter but keeps it inside and after a value, so '/dev/vg/a , raw' " +
		"has the target \"/dev/vg/a \" and libxl stats (or QEMU opens) a path ending in a space, which does not exist. " +
		"The same holds for script=, active-disk= and hidden-disk=, and for white space after target=.",
	Bad:  "disk = [ '/dev/vg/a , raw, xvda, rw' ]",
	Good: "disk = [ '/dev/vg/a, raw, xvda, rw' ]"})

// RulePortability (XLD318): the disk works on some of the releases judged, not on others.
var RulePortability = diag.Register(diag.Rule{ID: "XLD318", Severity: diag.Warning,
	Summary: "disk works on some Xen releases and not on others",
	Why: "Judged against several Xen releases (xldisk lint --xen=4.17,4.20), the disk is accepted by some and refused by others: " +
		"a config shared by hosts of different releases breaks on some of them. The findings marked with the failing releases say why.",
	Bad:  "disk = [ 'vdev=xvda,grant_usage=1,target=/dev/vg/a' ]",
	Good: "disk = [ 'vdev=xvda,target=/dev/vg/a' ]"})

// RuleXmCdrom (XLD319): xm's cdrom= setting, which xl ignores.
var RuleXmCdrom = diag.Register(diag.Rule{ID: "XLD319", Severity: diag.Warning,
	Summary: "xm's cdrom= setting, ignored by xl",
	Why: "xm read the installer CD from cdrom=\"/path.iso\"; xl has no such setting and ignores it without a word, so the guest boots with no CD-ROM. " +
		"Give the CD-ROM as a disk: disk = [ ..., '/path.iso,raw,hdc:cdrom,r' ].",
	Bad:  "type = \"hvm\"\ncdrom = \"/srv/install.iso\"\ndisk = [ '/dev/vg/a,raw,hda,rw' ]",
	Good: "type = \"hvm\"\ndisk = [ '/dev/vg/a,raw,hda,rw', '/srv/install.iso,raw,hdc:cdrom,r' ]"})

// RuleDeviceModel (XLD320): a device_model_version xl does not know.
var RuleDeviceModel = diag.Register(diag.Rule{ID: "XLD320", Severity: diag.Error,
	Summary: "device_model_version xl does not know",
	Why: "xl reads device_model_version as \"qemu-xen\" or, before Xen 4.21, \"qemu-xen-traditional\" (removed by 19ab8356ab); " +
		"anything else makes xl create exit with \"Unknown device_model_version\".",
	Bad:  "type = \"hvm\"\ndevice_model_version = \"qemu-xen-traditional\"\ndisk = [ '/dev/vg/a,raw,hda,rw' ]",
	Good: "type = \"hvm\"\ndevice_model_version = \"qemu-xen\"\ndisk = [ '/dev/vg/a,raw,hda,rw' ]"})
