interface Row {
  label: string;
  /** One value per series, drawn against the largest value of the chart. */
  values: number[];
  /** The figures as words, beside the bars (what a screen reader reads). */
  text: string;
}

/**
 * A horizontal bar chart, one row per label and one bar per series, scaled to the largest value.
 * Plain elements: it reads as a list of labelled figures without the bars.
 */
export function Bars({
  title,
  rows,
  legend,
  testId,
}: {
  title: string;
  rows: Row[];
  legend: string[];
  testId: string;
}) {
  const largest = Math.max(1, ...rows.flatMap((r) => r.values));
  return (
    <figure className="bars" data-testid={testId}>
      <figcaption>
        {title}
        {legend.length > 1 && (
          <span className="bars-legend">
            {legend.map((name, i) => (
              <span key={name} className={`bars-key series-${i}`}>
                {name}
              </span>
            ))}
          </span>
        )}
      </figcaption>
      <ul>
        {rows.map((row) => (
          <li key={row.label} className="bars-row">
            <span className="bars-label">{row.label}</span>
            <span className="bars-track" aria-hidden="true">
              {row.values.map((value, i) => (
                <span
                  key={i}
                  className={`bars-bar series-${i}`}
                  style={{ width: `${(100 * value) / largest}%` }}
                />
              ))}
            </span>
            <span className="bars-text">{row.text}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}
