// Draws Kontrol's app icons (src/main/resources/static/icons): java scripts/icons/Icon.java src/main/resources/static/icons
import java.awt.*;
import java.awt.geom.*;
import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;
public class Icon { public static void main(String[] a) throws Exception {
  for (int size : new int[]{192, 512}) {
    var img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
    var g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    double s = size / 512.0;
    g.scale(s, s);
    g.setColor(new Color(0x101826)); g.fill(new RoundRectangle2D.Double(0, 0, 512, 512, 192, 192));
    var bubble = new Path2D.Double();
    bubble.append(new RoundRectangle2D.Double(80, 128, 352, 232, 80, 80), false);
    var tail = new Path2D.Double(); tail.moveTo(150, 350); tail.lineTo(144, 432); tail.lineTo(240, 350); tail.closePath();
    var area = new Area(bubble); area.add(new Area(tail));
    g.setColor(new Color(0x0b5fff)); g.fill(area);
    g.setColor(Color.WHITE); g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 170));
    var fm = g.getFontMetrics(); var w = fm.stringWidth("K");
    g.drawString("K", 256 - w / 2, 305);
    g.dispose();
    ImageIO.write(img, "png", new File(a[0] + "/icon-" + size + ".png"));
  }
}}
