namespace V7Sync.Analytics;

/// <summary>The report's one stylesheet: system fonts only (nothing to fetch), laptop width on screen, A4 in print.</summary>
internal static class ReportStyle
{
    public const string Css = """
        :root { --ink: #1f2933; --muted: #6b7280; --rule: #d9dee5; --accent: #2563eb; --band: rgba(37, 99, 235, .18); }
        * { box-sizing: border-box; }
        body { margin: 0 auto; max-width: 1280px; padding: 16px 24px; color: var(--ink); background: #fff;
               font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 24px 0 8px; border-bottom: 1px solid var(--rule); padding-bottom: 4px; }
        header p, .muted { color: var(--muted); }
        .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 12px 20px; }
        figure { margin: 0; } figcaption { font-weight: 600; margin-bottom: 2px; }
        svg.chart { width: 100%; height: auto; max-width: 640px; display: block; }
        #risk svg.chart, #velocity svg.chart, #cycle-times svg.chart { max-width: 820px; }
        .axis { stroke: #9aa5b1; stroke-width: 1; } .label { font-size: 10px; fill: var(--muted); } .score { font-size: 12px; font-weight: 600; }
        .burndown { fill: none; stroke: var(--accent); stroke-width: 2; } .today { stroke: #9aa5b1; stroke-dasharray: 2 3; }
        .forecast-band { fill: var(--band); stroke: none; } .forecast-p85 { stroke: var(--accent); stroke-dasharray: 5 4; stroke-width: 1.2; }
        .bar { fill: var(--accent); } .risk-track { fill: #f1f3f6; }
        .part-0 { fill: #b91c1c; background: #b91c1c; } .part-1 { fill: #ea580c; background: #ea580c; } .part-2 { fill: #ca8a04; background: #ca8a04; }
        .part-3 { fill: #7c3aed; background: #7c3aed; } .part-4 { fill: #0891b2; background: #0891b2; } .part-5 { fill: #be185d; background: #be185d; }
        .part-6 { fill: #4b5563; background: #4b5563; } .part-7 { fill: #2563eb; background: #2563eb; }
        .legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 12px; }
        .swatch { display: inline-block; width: 10px; height: 10px; margin-right: 5px; border-radius: 2px; }
        table { border-collapse: collapse; width: 100%; font-size: 12px; }
        th, td { text-align: left; vertical-align: top; padding: 3px 6px; border-bottom: 1px solid var(--rule); overflow-wrap: anywhere; }
        th { background: #f6f7f9; }
        footer { margin-top: 24px; font-size: 11px; color: var(--muted); }
        @page { size: A4; margin: 12mm; }
        @media print {
          body { max-width: none; padding: 0; font-size: 10pt; }
          .charts { grid-template-columns: 1fr 1fr; }
          section, figure, tr { break-inside: avoid; }
          h2 { break-after: avoid; }
          table { font-size: 8pt; }
          .part-0, .part-1, .part-2, .part-3, .part-4, .part-5, .part-6, .part-7, .bar, .forecast-band { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
        }
        """;
}
