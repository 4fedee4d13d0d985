// Secret scanning as the driver wires it in: the secret scanner as the layer walker's content
// sink (every regular file of every layer, as it streams), the image config's values, and
// what the merged view knows about a finding's file (deleted or replaced in a later layer).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "fs/file_view.h"
#include "image/layer_walker.h"
#include "model/scan_report.h"
#include "secret/scanner.h"
#include "util/json.h"

namespace bulwark {

std::unique_ptr<ContentSink> make_secret_sink(const secret::SecretScanner &scanner);

// Scans the image config: each Env entry ("config:Env", line = entry number), each label as
// "key=value" ("config:Labels", line = label number), Cmd and Entrypoint with their arguments
// joined by spaces ("config:Cmd", "config:Entrypoint", line 1) and every history created_by
// ("history:N", N = history index; build arguments land there). The layers' created_by lines,
// which reports print, get their secrets masked.
void scan_image_config(const secret::SecretScanner &scanner, const std::string &config_json, const JsonLimits &limits,
                       ScanReport &report);

// Sets removed_in for findings in files a later layer deleted or replaced.
void mark_removed_secrets(const FileView &view, std::vector<SecretFinding> &secrets);

// Report order: path, layer, line, column, rule.
void sort_secrets(std::vector<SecretFinding> &secrets);

} // namespace bulwark
