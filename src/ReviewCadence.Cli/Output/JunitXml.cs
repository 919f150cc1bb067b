using System.Text;
using System.Xml;

namespace ReviewCadence.Cli.Output;

/// <summary>JUnit XML, the shape CI systems read: one suite, one test case per item, a failure or a skip where it applies.</summary>
internal static class JunitXml
{
    public sealed record TestCase(string ClassName, string Name, string? FailureType = null, string? FailureMessage = null, string? Text = null, string? SkippedMessage = null);

    public static string Write(string suiteName, DateTimeOffset timestamp, IReadOnlyList<TestCase> cases)
    {
        var text = new StringBuilder();
        using (var xml = XmlWriter.Create(text, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = false, Encoding = Encoding.UTF8 }))
        {
            var failures = cases.Count(c => c.FailureType is not null).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var skipped = cases.Count(c => c.SkippedMessage is not null).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var tests = cases.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            xml.WriteStartElement("testsuites");
            xml.WriteAttributeString("name", suiteName);
            xml.WriteAttributeString("tests", tests);
            xml.WriteAttributeString("failures", failures);
            xml.WriteAttributeString("errors", "0");
            xml.WriteAttributeString("skipped", skipped);
            xml.WriteStartElement("testsuite");
            xml.WriteAttributeString("name", suiteName);
            xml.WriteAttributeString("tests", tests);
            xml.WriteAttributeString("failures", failures);
            xml.WriteAttributeString("errors", "0");
            xml.WriteAttributeString("skipped", skipped);
            xml.WriteAttributeString("timestamp", timestamp.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
            foreach (var c in cases)
            {
                xml.WriteStartElement("testcase");
                xml.WriteAttributeString("classname", c.ClassName);
                xml.WriteAttributeString("name", Clean(c.Name));
                if (c.FailureType is { } type)
                {
                    xml.WriteStartElement("failure");
                    xml.WriteAttributeString("type", type);
                    xml.WriteAttributeString("message", Clean(c.FailureMessage ?? type));
                    if (c.Text is { } body)
                    {
                        xml.WriteString(Clean(body));
                    }
                    xml.WriteEndElement();
                }
                else if (c.SkippedMessage is { } skip)
                {
                    xml.WriteStartElement("skipped");
                    xml.WriteAttributeString("message", Clean(skip));
                    xml.WriteEndElement();
                }
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
            xml.WriteEndElement();
        }
        // StringBuilder output says utf-16 in the declaration; what is printed is UTF-8.
        return text.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal);
    }

    /// <summary>Page text may hold characters XML cannot carry; they are dropped.</summary>
    private static string Clean(string text) => text.All(XmlConvert.IsXmlChar) ? text : new string([.. text.Where(XmlConvert.IsXmlChar)]);
}
