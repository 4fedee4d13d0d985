<?php
// Answers "compare<TAB>a<TAB>b" lines with Composer's Semver classes (Debian
// php-composer-semver): both versions go through VersionParser::normalize, then
// Comparator::compare decides <, == or >; prints -1/0/1, or "invalid" when normalize refuses
// a version or no single relation holds (two different dev branches).
require_once '/usr/share/php/Composer/Semver/autoload.php';

use Composer\Semver\Comparator;
use Composer\Semver\VersionParser;

$parser = new VersionParser();
$out = [];
$lines = explode("\n", stream_get_contents(STDIN));
array_pop($lines);
foreach ($lines as $line) {
    [$kind, $a, $b] = explode("\t", $line, 3);
    try {
        $na = $parser->normalize($a);
        $nb = $parser->normalize($b);
    } catch (\UnexpectedValueException $e) {
        $out[] = 'invalid';
        continue;
    }
    $answers = [];
    foreach (['<' => '-1', '==' => '0', '>' => '1'] as $op => $answer) {
        if (Comparator::compare($na, $op, $nb)) {
            $answers[] = $answer;
        }
    }
    $out[] = count($answers) === 1 ? $answers[0] : 'invalid';
}
echo implode("\n", $out), "\n";
