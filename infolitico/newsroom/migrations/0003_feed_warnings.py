from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('newsroom', '0002_feed_outlet'),
    ]

    operations = [
        migrations.AddField(
            model_name='feed',
            name='warnings',
            field=models.JSONField(blank=True, default=list, help_text='what its last read skipped or doubted (an unreadable item, a cut list), one line each'),
        ),
    ]
