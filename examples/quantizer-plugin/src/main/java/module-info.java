/**
 * A vqforge quantizer plugin. It needs the vqforge api only (which brings DJL's api with it) and
 * offers one {@link org.vqforge.api.quantizer.QuantizerProvider}; vqf finds it with
 * {@link java.util.ServiceLoader} when the jar is on its module path ({@code VQF_PLUGINS}).
 */
module org.example.randomcodebook {
    requires org.vqforge.api;

    provides org.vqforge.api.quantizer.QuantizerProvider with
            org.example.randomcodebook.RandomCodebookQuantizerProvider;
}
