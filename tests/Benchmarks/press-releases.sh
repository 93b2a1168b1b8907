#!/usr/bin/env bash
# Writes COUNT generated press releases (our front matter: title, titleEn, date, slug, tags, summary, summaryEn; a
# Chinese and an English body of about 1.5 KB of Markdown with headings, lists, a table and links) into DIR.
# The one generator of the benchmarks' releases: hugo.sh builds them with Hugo and with export-site, export-ratios.sh
# exports the whole site with them.
# Usage: tests/Benchmarks/press-releases.sh DIR [count]   (default 1000)
set -euo pipefail
press="${1:?usage: press-releases.sh DIR [count]}"
count="${2:-1000}"
mkdir -p "$press"
tags=(plan air-quality open-data api site warnings penalties heating)
for i in $(seq 1 "$count"); do
    n=$(printf '%04d' "$i")
    day=$(date -u -d "2018-01-01 + $((i % 3000)) days" +%F)
    t1=${tags[$((i % 8))]}; t2=${tags[$(((i * 3 + 1) % 8))]}
    cat > "$press/$day-release-$n.md" <<MD
---
title: 锦州市空气质量通报第 $n 期
titleEn: "Jinzhou air quality bulletin no. $n"
date: $day
slug: release-$n
tags: [$t1, $t2]
summary: 第 $n 期通报：本期空气质量概况、预警与执法情况。
summaryEn: Bulletin $n — air quality, warnings and enforcement in this period.
---
本期通报介绍锦州市空气质量的总体情况。数据来自国控监测站，时间为北京时间（UTC+08:00）。

## 概况

* 城市 PM2.5 月均浓度：**$((30 + i % 40)) µg/m³**
* 优良天数：$((20 + i % 10)) 天
* 重污染天数：$((i % 3)) 天

| 指标 | 本期 | 上期 |
|---|---|---|
| PM2.5 (µg/m³) | $((30 + i % 40)) | $((32 + i % 37)) |
| 优良天数比例 | $((60 + i % 30))% | $((58 + i % 31))% |

详见[开放数据](/data)与[计算方法](/methodology)。

=== en ===
This bulletin gives the overall air quality of Jinzhou. Data come from the national monitoring stations; times are China Standard Time (UTC+08:00).

## Overview

* City PM2.5 monthly mean: **$((30 + i % 40)) µg/m³**
* Good days: $((20 + i % 10))
* Heavy-pollution days: $((i % 3))

See [open data](/en/data) and [methodology](/en/methodology).
MD
done

